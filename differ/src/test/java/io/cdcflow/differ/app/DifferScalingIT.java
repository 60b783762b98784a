package io.cdcflow.differ.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcflow.common.config.CdcConfig;
import io.cdcflow.common.core.ChangeEvent;
import io.cdcflow.common.core.Counts;
import io.cdcflow.common.core.FeedMessage;
import io.cdcflow.common.core.Json;
import io.cdcflow.common.core.TopicNames;
import io.cdcflow.testkit.AccountRuns;
import io.cdcflow.testkit.TestKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two differ instances share the rows topic; one joins and the other leaves in the middle of a run.
 * Every change of the run must appear exactly once on the change topic and the writer feed must
 * report every partition complete with the right counts.
 */
class DifferScalingIT {
    private static final int PARTITIONS = 4;
    private static final int ROWS = 2_000;
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final Map<String, Object> FAST_REBALANCE = Map.of(
            "session.timeout.ms", 6000, "heartbeat.interval.ms", 1000, "commit.interval.ms", 100);

    @TempDir
    Path dir;

    @Test
    void instancesJoiningAndLeavingMidRunLoseAndDuplicateNothing() throws Exception {
        String prefix = "scale-" + UUID.randomUUID().toString().substring(0, 8);
        TopicNames names = new TopicNames(prefix);
        AccountRuns.createTopics(names, PARTITIONS);
        AccountRuns rows = new AccountRuns(names, PARTITIONS);
        DifferService first = DifferService.start(config(prefix, "a"), TestKafka.bootstrapServers(), FAST_REBALANCE);
        DifferService second = null;
        try {
            Map<Long, Long> table = new HashMap<>();
            for (long id = 1; id <= ROWS; id++) {
                table.put(id, id * 10);
            }
            rows.run("run-1", table);
            rows.awaitPartitionsDone("run-1", TIMEOUT);

            Map<Long, Long> next = new HashMap<>(table);
            Set<String> modified = new TreeSet<>();
            Set<String> deleted = new TreeSet<>();
            Set<String> added = new TreeSet<>();
            for (long id = 1; id <= ROWS; id++) {
                if (id % 4 == 0) {
                    next.put(id, id * 10 + 1);
                    modified.add(Long.toString(id));
                } else if (id % 10 == 1) {
                    next.remove(id);
                    deleted.add(Long.toString(id));
                }
            }
            for (long id = ROWS + 1; id <= ROWS + 300; id++) {
                next.put(id, 0L);
                added.add(Long.toString(id));
            }
            DifferService[] joined = new DifferService[1];
            rows.run("run-2", next, () -> {
                joined[0] = DifferService.start(config(prefix, "b"), TestKafka.bootstrapServers(), FAST_REBALANCE);
                first.close();
            });
            second = joined[0];
            List<FeedMessage> done = rows.awaitPartitionsDone("run-2", TIMEOUT);

            Counts total = done.stream().map(FeedMessage::counts).reduce(Counts.ZERO, Counts::plus);
            assertThat(total).isEqualTo(new Counts(next.size(), added.size(), modified.size(), deleted.size(),
                    next.size() - added.size() - modified.size()));
            Map<String, List<String>> ops = changesOf(names.changes("bank", "accounts"), "run-2");
            assertThat(keysWith(ops, "c")).isEqualTo(added);
            assertThat(keysWith(ops, "u")).isEqualTo(modified);
            assertThat(keysWith(ops, "d")).isEqualTo(deleted);
            assertThat(ops.values()).as("each key changes once").allMatch(list -> list.size() == 1);
        } finally {
            first.close();
            if (second != null) {
                second.close();
            }
            rows.close();
        }
    }

    private CdcConfig config(String prefix, String instance) {
        return CdcConfig.parse("""
            {"datasources": {"bank": {"url": "jdbc:postgresql://unused:5432/bank"}},
             "tables": {"accounts": {"datasource": "bank", "method": "hash"}},
             "storage": {"data_dir": "%s"},
             "kafka": {"bootstrap_servers": "%s", "topic_prefix": "%s", "partitions": %d, "replication_factor": 1,
                       "state_dir": "%s"}}
            """.formatted(dir.resolve(instance), TestKafka.bootstrapServers(), prefix, PARTITIONS,
                dir.resolve(instance).resolve("streams")), name -> null);
    }


    private static Map<String, List<String>> changesOf(String topic, String runId) throws Exception {
        Map<String, List<String>> ops = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : TestKafka.readAll(topic, Duration.ofSeconds(10))) {
            if (record.value() == null) {
                continue;
            }
            ChangeEvent change = ChangeEvent.parse(record.value());
            if (runId.equals(change.source().runId())) {
                String id = Json.MAPPER.readTree(new String(record.key(), StandardCharsets.UTF_8)).get("id").asText();
                ops.computeIfAbsent(id, k -> new ArrayList<>()).add(change.op());
            }
        }
        return ops;
    }

    private static Set<String> keysWith(Map<String, List<String>> ops, String op) {
        Set<String> keys = new TreeSet<>();
        ops.forEach((key, list) -> {
            if (list.contains(op)) {
                keys.add(key);
            }
        });
        return keys;
    }
}

package io.cdcflow.extractor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdcflow.common.core.Column;
import io.cdcflow.common.core.ColumnType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ChunkingTest {
    private static final List<Column> KEY = List.of(Column.of("id", ColumnType.LONG, false));

    @Test
    void keyRangeSpellsOutCompositeComparisonsAndBindsBoundsInOrder() {
        KeyRange range = KeyRange.of(List.of("\"a\"", "\"b\""), true, true);
        assertThat(range.predicate()).isEqualTo("(\"a\" > ? OR (\"a\" = ? AND \"b\" > ?))"
                + " AND (\"a\" < ? OR (\"a\" = ? AND \"b\" <= ?))");
        assertThat(range.bind(new Object[] {1, "x"}, new Object[] {5, "y"}, (column, value) -> value))
                .containsExactly(1, 1, "x", 5, 5, "y");
        assertThat(KeyRange.of(List.of("`id`"), false, true).predicate()).isEqualTo("(`id` <= ?)");
        assertThat(KeyRange.of(List.of("`id`"), false, false).predicate()).isEmpty();
    }

    @Test
    void keyTuplesRoundTripThroughJson() {
        List<Column> key = List.of(Column.of("day", ColumnType.DATE, false), Column.of("code", ColumnType.STRING, false),
                Column.of("at", ColumnType.TIMESTAMP_TZ, false), Column.decimal("n", 10, 2, false));
        Object[] values = {LocalDate.of(2024, 2, 29), "é\"x", Instant.parse("2024-01-01T00:00:00.000001Z"),
                new java.math.BigDecimal("12.50")};
        JsonNode json = KeyValues.toJson(key, values);
        assertThat(KeyValues.fromJson(key, json)).containsExactly(values);
        assertThatThrownBy(() -> KeyValues.fromJson(key, json.get(0))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void firstRunCutsTheSingleChunkIntoPiecesOfThePartitionSize() {
        AtomicLong ids = new AtomicLong(2);
        ChunkCutter<String> cutter = new ChunkCutter<>(10, ids::getAndIncrement);
        ChunkLayout initial = ChunkLayout.initial("backend");
        cutter.begin(initial.chunks().get(0), null, null);
        List<ChunkCutter.Piece<String>> pieces = new ArrayList<>();
        for (long id = 1; id <= 45; id++) {
            pieces.addAll(cutter.add(entry(id)));
        }
        pieces.addAll(cutter.end(true));
        assertThat(pieces).extracting(p -> p.rows().size()).containsExactly(10, 10, 10, 15);
        assertThat(pieces).extracting(ChunkCutter.Piece::id).containsExactly(2L, 3L, 4L, 5L);
        assertThat(pieces.get(0).lower()).isNull();
        assertThat(pieces.get(0).upper()).containsExactly(10L);
        assertThat(pieces.get(1).lower()).containsExactly(10L);
        assertThat(pieces.get(3).upper()).isNull();
        assertThat(pieces).allSatisfy(p -> assertThat(p.kept()).isNull());
    }

    @Test
    void aChunkOfUsualSizeKeepsItsIdAndItsDigestTellsWhetherItChanged() {
        Chunk stored = new Chunk(7, null, null, 12, null, false, false);
        ChunkCutter.Piece<String> first = readWhole(stored, 1, 12);
        assertThat(first.kept()).isEqualTo(stored);
        assertThat(first.id()).isEqualTo(7);
        assertThat(readWhole(stored, 1, 12).backendDigest()).isEqualTo(first.backendDigest());
        assertThat(readWhole(stored, 2, 13).backendDigest()).isNotEqualTo(first.backendDigest());
        assertThat(first.backendDigest()).hasSize(32);
    }

    @Test
    void aShrunkChunkIsMergedWithTheNextOneUnderANewId() {
        AtomicLong ids = new AtomicLong(20);
        ChunkCutter<String> cutter = new ChunkCutter<>(10, ids::getAndIncrement);
        Chunk small = new Chunk(1, null, KeyValues.toJson(KEY, new Object[] {100L}), 3, "d1", false, false);
        Chunk next = new Chunk(2, KeyValues.toJson(KEY, new Object[] {100L}), null, 10, "d2", false, false);
        cutter.begin(small, null, new Object[] {100L});
        for (long id = 1; id <= 3; id++) {
            assertThat(cutter.add(entry(id))).isEmpty();
        }
        assertThat(cutter.end(false)).isEmpty();
        assertThat(cutter.carrying()).isTrue();
        cutter.begin(next, new Object[] {100L}, null);
        for (long id = 101; id <= 110; id++) {
            assertThat(cutter.add(entry(id))).isEmpty();
        }
        List<ChunkCutter.Piece<String>> merged = cutter.end(true);
        assertThat(merged).singleElement().satisfies(p -> {
            assertThat(p.id()).isEqualTo(20);
            assertThat(p.kept()).isNull();
            assertThat(p.lower()).isNull();
            assertThat(p.upper()).isNull();
            assertThat(p.rows()).hasSize(13);
        });
        assertThat(cutter.keepsSize(3, false)).isFalse();
        assertThat(cutter.keepsSize(3, true)).isTrue();
        assertThat(cutter.keepsSize(19, false)).isTrue();
        assertThat(cutter.keepsSize(20, false)).isFalse();
    }

    @Test
    void layoutTrustsDigestsOnlyWhereTheDifferStateMatches() {
        Chunk a = new Chunk(1, null, KeyValues.toJson(KEY, new Object[] {10L}), 10, "da", true, false);
        Chunk b = new Chunk(2, KeyValues.toJson(KEY, new Object[] {10L}), KeyValues.toJson(KEY, new Object[] {20L}),
                10, "db", true, true);
        Chunk c = new Chunk(3, KeyValues.toJson(KEY, new Object[] {20L}), null, 10, "dc", false, false);
        ChunkLayout complete = new ChunkLayout("backend", 4, List.of(a, b, c), "run-1", true);
        assertThat(complete.forRun("run-2", "backend").chunks()).extracting(Chunk::digest, Chunk::done)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("da", false),
                        org.assertj.core.groups.Tuple.tuple("db", false),
                        org.assertj.core.groups.Tuple.tuple("dc", false));
        assertThat(complete.forRun("run-2", "database").chunks()).extracting(Chunk::digest)
                .containsOnlyNulls();

        ChunkLayout crashed = new ChunkLayout("backend", 4, List.of(a, b, c), "run-2", false);
        assertThat(crashed.resumedBy("run-2")).isTrue();
        assertThat(crashed.forRun("run-2", "backend").chunks()).extracting(Chunk::digest, Chunk::done)
                .as("a resumed run skips what it did; what it did not reach may hold its committed rows")
                .containsExactly(org.assertj.core.groups.Tuple.tuple("da", true),
                        org.assertj.core.groups.Tuple.tuple("db", true),
                        org.assertj.core.groups.Tuple.tuple(null, false));
        assertThat(crashed.forRun("run-3", "backend").chunks()).extracting(Chunk::digest, Chunk::done)
                .as("another run trusts only chunks proven unchanged by the crashed one")
                .containsExactly(org.assertj.core.groups.Tuple.tuple("da", false),
                        org.assertj.core.groups.Tuple.tuple(null, false),
                        org.assertj.core.groups.Tuple.tuple(null, false));

        ChunkLayout parsed = ChunkLayout.parse(crashed.toJson());
        assertThat(new String(parsed.toJson(), StandardCharsets.UTF_8))
                .isEqualTo(new String(crashed.toJson(), StandardCharsets.UTF_8));
        assertThat(parsed.chunks()).extracting(Chunk::id, Chunk::published)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, false),
                        org.assertj.core.groups.Tuple.tuple(2L, true), org.assertj.core.groups.Tuple.tuple(3L, false));
        assertThat(KeyValues.fromJson(KEY, parsed.chunks().get(1).upper())).containsExactly(20L);
        assertThatThrownBy(() -> ChunkLayout.parse("{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static ChunkCutter.Piece<String> readWhole(Chunk stored, long from, long to) {
        ChunkCutter<String> cutter = new ChunkCutter<>(10, () -> 99);
        cutter.begin(stored, null, null);
        for (long id = from; id <= to; id++) {
            assertThat(cutter.add(entry(id))).isEmpty();
        }
        return cutter.end(true).get(0);
    }

    private static ChunkCutter.Entry<String> entry(long id) {
        byte[] hash = new byte[16];
        hash[0] = (byte) id;
        return new ChunkCutter.Entry<>(new Object[] {id}, ("k" + id).getBytes(StandardCharsets.UTF_8), hash, "r" + id);
    }
}

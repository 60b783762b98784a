package io.cdcflow.differ.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdcflow.common.core.RowEvent;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class RowStateTest {
    private static final byte[] HASH = new byte[16];

    @Test
    void roundTripsWithChunkAndAttempt() {
        byte[] image = {1, 2, 3};
        long attempt = RowState.attemptTag("5f0c6a8e-8a9b-4c44-b1f4-0c2d9f3e8a11");
        RowState state = RowState.fromBytes(new RowState(HASH, "run-1", image, 7, attempt).toBytes());
        assertThat(state.lastRunId()).isEqualTo("run-1");
        assertThat(state.image()).containsExactly(1, 2, 3);
        assertThat(state.chunk()).isEqualTo(7);
        assertThat(state.attempt()).isEqualTo(attempt);
    }

    @Test
    void decodesTheEncodingsWithoutAttemptAndWithoutChunk() throws IOException {
        RowState v2 = RowState.fromBytes(encode(2, true));
        assertThat(v2.chunk()).isEqualTo(9);
        assertThat(v2.attempt()).isEqualTo(RowState.NO_ATTEMPT);
        RowState v1 = RowState.fromBytes(encode(1, false));
        assertThat(v1.chunk()).isEqualTo(RowEvent.NO_CHUNK);
        assertThat(v1.attempt()).isEqualTo(RowState.NO_ATTEMPT);
        assertThat(v1.lastRunId()).isEqualTo("run-0");
    }

    @Test
    void attemptTagsDifferPerAttemptAndAreNeverTheMissingTag() {
        assertThat(RowState.attemptTag("a")).isNotEqualTo(RowState.attemptTag("b"))
                .isEqualTo(RowState.attemptTag("a")).isNotEqualTo(RowState.NO_ATTEMPT);
    }

    @Test
    void aKeyTwiceInOneAttemptIsADuplicateAndInAnotherAttemptARepeat() {
        long first = RowState.attemptTag("first");
        long second = RowState.attemptTag("second");
        RowState seen = new RowState(HASH, "run-1", null, RowEvent.NO_CHUNK, first);
        byte[] other = new byte[16];
        other[0] = 1;
        assertThat(RowDiffer.classify(seen, HASH, "run-1", first)).isEqualTo(RowDiffer.Verdict.DUPLICATE);
        assertThat(RowDiffer.classify(seen, other, "run-1", first)).isEqualTo(RowDiffer.Verdict.DUPLICATE);
        assertThat(RowDiffer.classify(seen, HASH, "run-1", second)).isEqualTo(RowDiffer.Verdict.REPEATED);
        assertThat(RowDiffer.classify(seen, other, "run-1", second)).isEqualTo(RowDiffer.Verdict.MODIFIED);
        assertThat(RowDiffer.classify(seen, HASH, "run-2", first)).isEqualTo(RowDiffer.Verdict.UNCHANGED);
        RowState old = new RowState(HASH, "run-1", null);
        assertThat(RowDiffer.classify(old, HASH, "run-1", first)).as("an old state knows no attempt")
                .isEqualTo(RowDiffer.Verdict.REPEATED);
    }

    /** The layout of the older versions, written here by hand as those versions wrote it. */
    private static byte[] encode(int version, boolean chunk) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(version);
            out.writeByte(HASH.length);
            out.write(HASH);
            out.writeUTF("run-0");
            out.writeInt(-1);
            if (chunk) {
                out.writeLong(9);
            }
        }
        return bytes.toByteArray();
    }
}

package io.a2ebatch.benchmarks.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class GcLogTest {

    @Test
    void takesTheLargestHeapAfterCollectionAndCommittedFromPauseLines() {
        GcLog log = GcLog.parse(List.of(
                "[0.004s][info][gc] Using G1",
                "[2.011s][info][gc] GC(4) Pause Young (Concurrent Start) (Metadata GC Threshold) 33M->12M(468M) 12.564ms",
                "[2.011s][info][gc] GC(5) Concurrent Mark Cycle",
                "[2.028s][info][gc] GC(5) Pause Remark 15M->15M(80M) 3.143ms",
                "[51.096s][info][gc] GC(30) Pause Young (Normal) (G1 Evacuation Pause) 156M->54M(196M) 101.746ms",
                "[60.100s][info][gc] GC(31) Pause Full (System.gc()) 1G->40M(2G) 80.001ms",
                "[61.000s][info][gc] GC(32) Pause Young (Normal) (G1 Evacuation Pause) 900K->512K(2048K) 1.0ms"));

        assertThat(log.pauses()).isEqualTo(5);
        assertThat(log.fullGcs()).isEqualTo(1);
        assertThat(log.maxAfterGcBytes()).isEqualTo(54L << 20);
        assertThat(log.maxCommittedBytes()).isEqualTo(2L << 30);
    }
}

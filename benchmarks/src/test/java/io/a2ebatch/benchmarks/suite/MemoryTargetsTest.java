package io.a2ebatch.benchmarks.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.a2ebatch.benchmarks.memory.MemoryFootprint;
import org.junit.jupiter.api.Test;

class MemoryTargetsTest {

    private static MemoryFootprint.Run run(long rows, long tasks, boolean complete) {
        return new MemoryFootprint.Run("run", rows, tasks, complete, complete ? "" : "budget", complete ? 0 : -1, 10,
                rows / 10.0, 30, 28, 10, 40, 121, 230, 100, tasks, Targets.SHIPPED);
    }

    private static SuiteResults.Target oneTaskPerRow(MemoryFootprint.Run... runs) {
        return Targets.memory(new SuiteResults.Memory(List.of(runs), 1, 1, 1)).stream()
                .filter(t -> t.name().startsWith("one task per row")).findFirst().orElseThrow();
    }

    @Test
    void aCompleteRunWithATaskMoreThanItsRowsMissesTheOneTaskPerRowTarget() {
        SuiteResults.Target target = oneTaskPerRow(run(10_000, 10_000, true), run(1_000_000, 1_000_001, true));

        assertThat(target.met()).isFalse();
        assertThat(target.measured()).isEqualTo("1 of 2 runs differ");
        assertThat(target.note()).isEqualTo("10,000 tasks for 10,000 rows, 1,000,001 tasks for 1,000,000 rows");
    }

    @Test
    void judgesOnlyCompleteRunsAndNeedsOne() {
        assertThat(oneTaskPerRow(run(10_000, 10_000, true), run(100_000, 52_000, false)).met()).isTrue();
        assertThat(oneTaskPerRow(run(100_000, 52_000, false)).met()).isFalse();
    }
}

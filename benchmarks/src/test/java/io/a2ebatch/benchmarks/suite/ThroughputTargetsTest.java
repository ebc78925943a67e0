package io.a2ebatch.benchmarks.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.a2ebatch.benchmarks.endtoend.EndToEnd;
import io.a2ebatch.benchmarks.throughput.Throughput;
import org.junit.jupiter.api.Test;

class ThroughputTargetsTest {

    private static Throughput.Turn turn(String command, int turn, double startsPerSecond, double cpuMsPerRow) {
        return new Throughput.Turn(command, turn, startsPerSecond, cpuMsPerRow, 10, 300, 0);
    }

    private static EndToEnd.Run bound(String command, double makespan) {
        return new EndToEnd.Run(EndToEnd.FAMILY, 1, makespan, 12, makespan / 12, 10, 20_200, Map.of(), 1.01, 0, 9_000,
                4_000, 0, makespan + 20, command, 5, (makespan + 20) / 12);
    }

    private static SuiteResults.ThroughputFigures figures(List<Throughput.Turn> turns, List<EndToEnd.Run> bound) {
        List<Throughput.Median> medians = List.of(Throughput.Median.of("baseline", turns),
                Throughput.Median.of("this build", turns), Throughput.Median.of("compared", turns));
        return new SuiteResults.ThroughputFigures(10_000, 2, turns, medians, "main.jar", 20_000, 2_000, 2, bound);
    }

    @Test
    void judgesTheCeilingAgainstTheBuildComparedAndCpuAgainstThePlainProgramOnMediansOfTheTurns() {
        List<Throughput.Turn> turns = List.of(turn("baseline", 1, 1_000, 0.8), turn("baseline", 2, 3_000, 0.6),
                turn("this build", 1, 900, 1.0), turn("this build", 2, 1_100, 0.8),
                turn("compared", 1, 250, 5.0), turn("compared", 2, 350, 4.0));

        List<SuiteResults.Target> targets = Targets.throughput(figures(turns, List.of(bound("this build", 13.2),
                bound("compared", 48))));

        assertThat(targets).hasSize(3).allSatisfy(t -> assertThat(t.met()).as(t.name()).isTrue());
        assertThat(targets.get(0).measured()).isEqualTo("1,000 vs 300 starts/s = × 3.33");
        assertThat(targets.get(1).measured()).isEqualTo("0.90 vs 0.70 ms = × 1.29");
        assertThat(targets.get(2).measured()).isEqualTo("13.2 s = × 1.100");
        assertThat(targets.get(2).note()).contains("compared: 48.0 s = × 4.000");
    }

    @Test
    void saysByHowMuchEachTargetIsMissedAndJudgesNoRunThatDidNotComplete() {
        List<Throughput.Turn> turns = List.of(turn("baseline", 1, 1_000, 0.8), turn("this build", 1, 500, 3.2),
                turn("compared", 1, 250, 5.0));

        List<SuiteResults.Target> targets = Targets.throughput(figures(turns, List.of(bound("compared", 48))));

        assertThat(targets).hasSize(2).noneMatch(SuiteResults.Target::met);
        assertThat(targets.get(0).note()).contains("missed by 33 %");
        assertThat(targets.get(1).note()).contains("missed by 167 %");
    }
}

package io.a2ebatch.benchmarks.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.a2ebatch.benchmarks.endtoend.EndToEnd;
import io.a2ebatch.benchmarks.process.RunnerCommand;
import io.a2ebatch.benchmarks.throughput.Throughput;
import org.junit.jupiter.api.Test;

class ThroughputTargetsTest {

    private static final String LAUNCHER = "bin/a2e-batch";
    private static final String JAVA_JAR = RunnerCommand.JAVA_JAR;
    private static final String COMPARED = BenchmarkSuite.COMPARED;

    private static Throughput.Turn turn(String command, int turn, double startsPerSecond, double cpuMsPerRow) {
        return new Throughput.Turn(command, turn, startsPerSecond, cpuMsPerRow, 10, 300, 0);
    }

    private static EndToEnd.Run bound(String command, double makespan) {
        return new EndToEnd.Run(EndToEnd.FAMILY, 1, makespan, 12, makespan / 12, 10, 20_200, Map.of(), 1.01, 0, 9_000,
                4_000, 0, makespan + 20, command, 5, (makespan + 20) / 12);
    }

    private static SuiteResults.ThroughputFigures figures(List<Throughput.Turn> turns, List<EndToEnd.Run> bound) {
        List<Throughput.Median> medians = List.of(Throughput.Median.of("baseline", turns),
                Throughput.Median.of(LAUNCHER, turns), Throughput.Median.of(JAVA_JAR, turns),
                Throughput.Median.of(BenchmarkSuite.COMPARED, turns));
        return new SuiteResults.ThroughputFigures(10_000, 2, turns, medians, "first-wave.jar", 20_000, 2_000, 2, bound);
    }

    @Test
    void judgesTheLauncherAgainstTheBuildComparedAndThePlainProgramOnMediansOfTheTurnsAndNotesJavaJar() {
        List<Throughput.Turn> turns = List.of(turn("baseline", 1, 1_000, 0.8), turn("baseline", 2, 3_000, 0.6),
                turn(LAUNCHER, 1, 900, 1.0), turn(LAUNCHER, 2, 1_100, 0.8),
                turn(JAVA_JAR, 1, 600, 2.0), turn(JAVA_JAR, 2, 700, 2.2),
                turn(COMPARED, 1, 250, 5.0), turn(COMPARED, 2, 350, 4.0));

        List<SuiteResults.Target> targets = Targets.throughput(figures(turns, List.of(bound(LAUNCHER, 13.2),
                bound(JAVA_JAR, 20), bound(COMPARED, 48))));

        assertThat(targets).hasSize(3).allSatisfy(t -> assertThat(t.met()).as(t.name()).isTrue());
        assertThat(targets.get(0).name()).contains(LAUNCHER).contains(COMPARED);
        assertThat(targets.get(0).measured()).isEqualTo("1,000 vs 300 starts/s = × 3.33");
        assertThat(targets.get(0).note()).contains("first-wave.jar").contains("java -jar 650 starts/s (× 2.17)");
        assertThat(targets.get(1).measured()).isEqualTo("0.90 vs 0.70 ms = × 1.29");
        assertThat(targets.get(1).note()).contains("java -jar 2.10 ms (× 3.00)");
        assertThat(targets.get(2).measured()).isEqualTo("13.2 s = × 1.100");
        assertThat(targets.get(2).note()).contains(COMPARED + ": 48.0 s = × 4.000");
    }

    @Test
    void saysByHowMuchEachTargetIsMissedAndJudgesNoRunThatDidNotComplete() {
        List<Throughput.Turn> turns = List.of(turn("baseline", 1, 1_000, 0.8), turn(LAUNCHER, 1, 500, 3.2),
                turn(JAVA_JAR, 1, 400, 4.0), turn(COMPARED, 1, 250, 5.0));

        List<SuiteResults.Target> targets = Targets.throughput(figures(turns, List.of(bound(COMPARED, 48))));

        assertThat(targets).hasSize(2).noneMatch(SuiteResults.Target::met);
        assertThat(targets.get(0).note()).contains("missed by 33 %");
        assertThat(targets.get(1).note()).contains("missed by 167 %");
    }

    @Test
    void judgesARunStoredBeforeTheLauncherWasMeasuredByItsLabelsNotItsPlaces() {
        List<Throughput.Turn> turns = List.of(turn("baseline", 1, 1_000, 0.8), turn("this build", 1, 900, 1.0),
                turn("compared", 1, 300, 5.0));
        List<Throughput.Median> medians = List.of(Throughput.Median.of("baseline", turns),
                Throughput.Median.of("this build", turns), Throughput.Median.of("compared", turns));

        List<SuiteResults.Target> targets = Targets.throughput(new SuiteResults.ThroughputFigures(10_000, 1, turns,
                medians, "main.jar", 20_000, 2_000, 2, List.of()));

        assertThat(targets).hasSize(2);
        assertThat(targets.get(0).measured()).isEqualTo("900 vs 300 starts/s = × 3.00");
        assertThat(targets.get(0).note()).doesNotContain(JAVA_JAR);
        assertThat(targets.get(1).note()).doesNotContain(JAVA_JAR);
    }
}

package io.a2ebatch.benchmarks.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.a2ebatch.benchmarks.endtoend.EndToEnd;
import io.a2ebatch.benchmarks.process.RunnerCommand;
import io.a2ebatch.benchmarks.startup.StartupLatency;
import org.junit.jupiter.api.Test;

class StartupTargetsTest {

    private static final String LAUNCHER = Targets.SHIPPED;
    private static final double BOUND = 12;

    private static StartupLatency.Figures firstRequest(String command, double seconds, double toScript) {
        return new StartupLatency.Figures(command, List.of(seconds), seconds, List.of(seconds), seconds, toScript,
                toScript * 3);
    }

    /** A turn of the N = 400 job taking {@code wall} seconds from launch to exit, its first request at {@code first}. */
    private static EndToEnd.Run turn(String command, double wall, double first) {
        double makespan = wall - first - 0.1;
        return new EndToEnd.Run(EndToEnd.FAMILY, 0.5, makespan, BOUND, makespan / BOUND, 10, 412, Map.of(), 1.03, 0,
                300, 150, 0, wall, command, first, wall / BOUND);
    }

    private static SuiteResults.Startup startup(List<EndToEnd.Run> turns) {
        return new SuiteResults.Startup(7, List.of(firstRequest("script", 0.9, 1), firstRequest("precompiled", 0.3, 1 / 3.0),
                firstRequest(LAUNCHER, 1.0, 1.11)), 400, 40, 2, BOUND, turns);
    }

    private static SuiteResults.Target endToEndTarget(List<SuiteResults.Target> targets) {
        return targets.stream().filter(t -> t.name().startsWith("end to end with start-up")).findFirst().orElseThrow();
    }

    @Test
    void judgesTheSmallJobOnTheShippedCommandsMedianTurnAndQuotesEveryTurn() {
        List<EndToEnd.Run> turns = List.of(turn(LAUNCHER, 13.4, 1.1), turn(RunnerCommand.JAVA_JAR, 25, 9),
                turn(LAUNCHER, 13.1, 0.9), turn(RunnerCommand.JAVA_JAR, 26, 10), turn(LAUNCHER, 13.0, 0.8),
                turn(RunnerCommand.JAVA_JAR, 24, 8));

        SuiteResults.Target target = endToEndTarget(Targets.startup(startup(turns)));

        assertThat(target.met()).isTrue();
        assertThat(target.name()).contains(LAUNCHER).doesNotContain(RunnerCommand.JAVA_JAR);
        assertThat(target.measured()).isEqualTo("13.1 s = × 1.092");
        assertThat(target.note()).startsWith("median of 3 interleaved turns (× 1.117, × 1.092, × 1.083)")
                .contains("first request 0.90 s");
    }

    @Test
    void takesTheSlowerOfTheTwoMiddleTurnsOfAnEvenNumberAndSaysByHowMuchTheTargetIsMissed() {
        List<EndToEnd.Run> turns = List.of(turn(LAUNCHER, 13.0, 0.8), turn(LAUNCHER, 13.3, 1.0),
                turn(LAUNCHER, 13.5, 1.2), turn(LAUNCHER, 12.9, 0.8));

        SuiteResults.Target target = endToEndTarget(Targets.startup(startup(turns)));

        assertThat(target.met()).isFalse();
        assertThat(target.measured()).isEqualTo("13.3 s = × 1.108");
        assertThat(target.note()).startsWith("missed by 0.1 s; median of 4 interleaved turns");
    }

    @Test
    void judgesNoSmallJobWhenTheShippedCommandDidNotRunIt() {
        List<SuiteResults.Target> targets = Targets.startup(startup(List.of(turn(RunnerCommand.JAVA_JAR, 25, 9))));

        assertThat(targets).noneMatch(t -> t.name().startsWith("end to end with start-up"));
    }
}

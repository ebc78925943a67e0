package io.a2ebatch.benchmarks.suite;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.a2ebatch.benchmarks.endtoend.EndToEnd;
import io.a2ebatch.benchmarks.memory.MemoryFootprint;
import io.a2ebatch.benchmarks.startup.StartupLatency;
import io.a2ebatch.benchmarks.throughput.Throughput;
import io.a2ebatch.benchmarks.throttle.AchievedRate;

/**
 * Everything one suite run measured, as written to {@code results/latest.json} (snake_case). A section is
 * {@code null} when the run left it out ({@code --only}).
 *
 * @param mode            {@code short} or {@code full}
 * @param startedAt       ISO-8601
 * @param durationSeconds the whole suite
 * @param machine         where it ran
 * @param loadAverageEnd  load averages when it finished
 * @param runnerJar       the a2e-batch.jar measured: file name, size and SHA-256
 * @param manifest        parse + validate + build against a bare Commons CSV parse
 * @param throttle        acquire overhead and achieved rates
 * @param polling         simulator against a static WireMock stub
 * @param endToEnd        the runner against the simulator at a fixed rate
 * @param memory          heap and RSS of run and validate by manifest size
 * @param startup         time to the first start request against a minimal Java program, and a small job
 *                        end to end with start-up included
 * @param throughput      the ceiling against an unlimited simulator, with a plain Java baseline and another
 *                        build; a run at R = 2,000/s
 * @param targets         each target of issues 5 and 10 with the figure it is judged on
 */
public record SuiteResults(String mode, String startedAt, double durationSeconds, Machine machine,
                           String loadAverageEnd, String runnerJar, Manifest manifest, Throttle throttle,
                           Polling polling, EndToEndFigures endToEnd, Memory memory, Startup startup,
                           ThroughputFigures throughput, List<Target> targets) {

    /** The same figures judged again, as {@link Targets} now judges them. */
    public SuiteResults judgedAgain() {
        List<Target> judged = new ArrayList<>();
        if (manifest != null) {
            judged.add(Targets.manifest(manifest));
        }
        if (polling != null) {
            judged.addAll(Targets.polling(polling));
        }
        if (endToEnd != null) {
            judged.addAll(Targets.endToEnd(endToEnd));
        }
        if (memory != null) {
            judged.addAll(Targets.memory(memory));
        }
        if (startup != null) {
            judged.addAll(Targets.startup(startup));
        }
        if (throughput != null) {
            judged.addAll(Targets.throughput(throughput));
        }
        return new SuiteResults(mode, startedAt, durationSeconds, machine, loadAverageEnd, runnerJar, manifest, throttle,
                polling, endToEnd, memory, startup, throughput, List.copyOf(judged));
    }

    /**
     * @param rows                  rows in the generated file (every family mixed)
     * @param msPerFile             mean time to read the whole file, by benchmark method
     * @param baselineRowsPerSecond bare Commons CSV parse
     * @param rowsPerSecond         parse + validate + build
     * @param ratio                 rowsPerSecond / baselineRowsPerSecond
     * @param errorMsPerFile        JMH's 99.9 % error of each mean
     */
    public record Manifest(int rows, Map<String, Double> msPerFile, double baselineRowsPerSecond,
                           double rowsPerSecond, double ratio, Map<String, Double> errorMsPerFile) {
    }

    /**
     * @param nanoTimeNs           baseline: one {@code System.nanoTime()}, one thread
     * @param acquireNs            one permit that never waits, one thread
     * @param ratio                acquireNs / nanoTimeNs
     * @param nanoTimeTwoThreadsNs baseline, two threads
     * @param acquireTwoThreadsNs  one permit, two threads sharing the limiter
     * @param ratioTwoThreads      acquireTwoThreadsNs / nanoTimeTwoThreadsNs
     * @param achievedRates        achieved against configured rates on the real clock
     */
    public record Throttle(double nanoTimeNs, double acquireNs, double ratio, double nanoTimeTwoThreadsNs,
                           double acquireTwoThreadsNs, double ratioTwoThreads, List<AchievedRate.Result> achievedRates) {
    }

    /**
     * @param clientThreads client threads, in the server's JVM
     * @param batchSize     ids per batchDetail request
     * @param detail        detail requests per second
     * @param batchDetail   batchDetail requests per second
     */
    public record Polling(int clientThreads, int batchSize, Versus detail, Versus batchDetail) {
    }

    /**
     * @param simulator  requests per second answered by the simulator
     * @param staticStub requests per second answered by the static WireMock stub (baseline)
     * @param ratio      simulator / staticStub
     */
    public record Versus(double simulator, double staticStub, double ratio) {
    }

    /**
     * @param tasks             N
     * @param rate              R, the runner's and the simulator's limit
     * @param taskSeconds       D
     * @param maxInFlight       the runner's in-flight cap
     * @param lowerBoundSeconds N/R + D
     * @param runs              one per poll interval (and one with every family mixed)
     */
    public record EndToEndFigures(int tasks, double rate, double taskSeconds, int maxInFlight, double lowerBoundSeconds,
                                  List<EndToEnd.Run> runs) {
    }

    /**
     * @param runs           every measured process
     * @param liveHeapRatio  peak live heap of the largest complete run / of the smallest
     * @param medianLiveHeapRatio median live heap of the largest complete run / of the smallest
     * @param rssRatio       peak RSS of the largest complete run / of the smallest
     */
    public record Memory(List<MemoryFootprint.Run> runs, double liveHeapRatio, double medianLiveHeapRatio,
                         double rssRatio) {

        /** The {@code run} processes that ran to their end, smallest manifest first: what the ratios compare. */
        static List<MemoryFootprint.Run> completeRuns(List<MemoryFootprint.Run> runs) {
            return runs.stream().filter(r -> r.command().equals("run") && r.complete())
                    .sorted(Comparator.comparingLong(MemoryFootprint.Run::rows)).toList();
        }
    }

    /**
     * @param repetitions       turns of each command, interleaved
     * @param firstRequest      launch to first start request by command, the baseline first
     * @param endToEndTasks     N of the small job
     * @param endToEndRate      R
     * @param endToEndTaskSeconds D
     * @param endToEndLowerBoundSeconds N/R + D
     * @param endToEnd          the small job, launch to exit: every turn of every command, in the order run
     */
    public record Startup(int repetitions, List<StartupLatency.Figures> firstRequest, int endToEndTasks,
                          double endToEndRate, double endToEndTaskSeconds, double endToEndLowerBoundSeconds,
                          List<EndToEnd.Run> endToEnd) {

        /** The commands that ran the small job, in the order of their first turn. */
        public List<String> endToEndCommands() {
            return endToEnd.stream().map(EndToEnd.Run::command).distinct().toList();
        }

        /** Every turn of {@code command} on the small job, in the order run. */
        public List<EndToEnd.Run> endToEndTurnsOf(String command) {
            return endToEnd.stream().filter(run -> run.command().equals(command)).toList();
        }

        /**
         * The turn of {@code command} whose launch-to-exit time is the median of its turns (the upper one of an
         * even number): a turn that happened, so that its first request and network phase can be quoted with it.
         */
        public EndToEnd.Run endToEndMedian(String command) {
            List<EndToEnd.Run> byWall = endToEndTurnsOf(command).stream()
                    .sorted(Comparator.comparingDouble(EndToEnd.Run::wallSeconds)).toList();
            if (byWall.isEmpty()) {
                throw new IllegalArgumentException("no turn of the small job ran with " + command);
            }
            return byWall.get(byWall.size() / 2);
        }
    }

    /**
     * @param tasks            N of the ceiling runs
     * @param turns            interleaved turns of each command
     * @param ceiling          every turn of every command
     * @param medians          per command: the baseline, this build's launcher, this build as {@code java -jar},
     *                         then the build compared, if any
     * @param compared         the other build's jar measured beside this one, or empty
     * @param boundTasks       N of the run at the rate limit
     * @param boundRate        R
     * @param boundTaskSeconds D
     * @param bound            the runs at R, in the order of the medians' commands
     */
    public record ThroughputFigures(int tasks, int turns, List<Throughput.Turn> ceiling, List<Throughput.Median> medians,
                                    String compared, int boundTasks, double boundRate, double boundTaskSeconds,
                                    List<EndToEnd.Run> bound) {
    }

    /**
     * @param name     what is judged
     * @param target   the target as issue 5 states it
     * @param measured the figure it is judged on
     * @param met      whether it is met
     * @param note     by how much it is missed, or what limits it
     */
    public record Target(String name, String target, String measured, boolean met, String note) {
    }
}

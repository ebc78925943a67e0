package io.a2ebatch.benchmarks.suite;

import java.time.Duration;
import java.util.List;

/**
 * How long and how big each measurement is. {@link #SHORT} finishes in a few minutes on two cores and
 * gives figures good to a few percent; {@link #FULL} runs the sizes the targets are stated for
 * (a million-row manifest among them) and took 32 minutes on two cores.
 *
 * @param name             {@code short} or {@code full}
 * @param jmhForks         forks per JMH benchmark
 * @param jmhWarmups       warm-up iterations
 * @param jmhIterations    measured iterations
 * @param jmhIterationTime length of each iteration
 * @param manifestRows     rows in the manifest benchmark's file
 * @param rateDuration     how long each achieved-rate measurement takes permits
 * @param endToEndTasks    N of the end-to-end runs
 * @param endToEndPolls    poll intervals of the single-family end-to-end runs
 * @param endToEndMixed    whether to add a run with every family mixed (at the first poll interval)
 * @param memoryRows       manifest sizes of the memory runs, smallest first
 * @param validateRows     manifest size {@code validate} is measured on
 * @param memoryBudget     longest a single memory run may take; a longer one is stopped and reported as partial
 * @param startupRepetitions turns of each command in the start-up measurement
 * @param startupJobTurns  interleaved turns of each command on the small job from launch to exit (N = 400); its
 *                         target is judged on the median turn: one turn of 13 s moves by 0.1 s with the
 *                         machine's speed from one minute to the next, as much as the target's margin
 */
public record SuiteMode(String name, int jmhForks, int jmhWarmups, int jmhIterations, Duration jmhIterationTime,
                        int manifestRows, Duration rateDuration, int endToEndTasks, List<Duration> endToEndPolls,
                        boolean endToEndMixed, List<Long> memoryRows, long validateRows, Duration memoryBudget,
                        int startupRepetitions, int startupJobTurns) {

    public static final SuiteMode SHORT = new SuiteMode("short", 1, 3, 5, Duration.ofSeconds(1), 20_000,
            Duration.ofSeconds(3), 300, List.of(Duration.ofSeconds(5), Duration.ofSeconds(1)), false,
            List.of(10_000L, 100_000L), 100_000, Duration.ofMinutes(10), 7, 3);

    public static final SuiteMode FULL = new SuiteMode("full", 2, 5, 5, Duration.ofSeconds(2), 100_000,
            Duration.ofSeconds(5), 600, List.of(Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(1)),
            true, List.of(10_000L, 100_000L, 1_000_000L), 1_000_000, Duration.ofMinutes(45), 15, 5);
}

package io.a2ebatch.benchmarks.suite;

import java.util.List;
import java.util.Locale;

import io.a2ebatch.benchmarks.endtoend.EndToEnd;
import io.a2ebatch.benchmarks.memory.MemoryFootprint;
import io.a2ebatch.benchmarks.startup.StartupLatency;
import io.a2ebatch.benchmarks.throughput.Throughput;
import io.a2ebatch.benchmarks.throttle.AchievedRate;

/** The Markdown tables of a suite run, for {@code docs/benchmarks.md} and the README. */
final class ResultsTable {

    private ResultsTable() {
    }

    static String markdown(SuiteResults r) {
        StringBuilder md = new StringBuilder();
        Machine m = r.machine();
        line(md, "Measured %s (%s mode, %.0f s) on %d cores (%s), %.1f GB RAM, %s, %s; load average %s at the start,"
                        + " %s at the end.", r.startedAt(), r.mode(), r.durationSeconds(), m.cores(), m.cpuModel(),
                m.memoryGb(), m.jdk(), m.os(), m.loadAverage(), r.loadAverageEnd());
        if (!r.runnerJar().isEmpty()) {
            line(md, "Runner: %s.", r.runnerJar());
        }
        md.append('\n');
        line(md, "| measurement | baseline, same run | measured | ratio |");
        line(md, "| --- | --- | --- | --- |");
        if (r.manifest() != null) {
            SuiteResults.Manifest x = r.manifest();
            line(md, "| manifest parse + validate + build, %,d mixed rows | bare Commons CSV parse: %,.0f rows/s |"
                    + " %,.0f rows/s | %.3f |", x.rows(), x.baselineRowsPerSecond(), x.rowsPerSecond(), x.ratio());
        }
        if (r.throttle() != null) {
            SuiteResults.Throttle t = r.throttle();
            line(md, "| `RateLimiter.acquire()` per permit, never waiting, 1 thread | `System.nanoTime()`: %.1f ns |"
                    + " %.1f ns | × %.1f |", t.nanoTimeNs(), t.acquireNs(), t.ratio());
            line(md, "| the same, 2 threads sharing the limiter | `System.nanoTime()`: %.1f ns | %.1f ns | × %.1f |",
                    t.nanoTimeTwoThreadsNs(), t.acquireTwoThreadsNs(), t.ratioTwoThreads());
            for (AchievedRate.Result a : t.achievedRates()) {
                line(md, "| achieved rate, %d thread(s), %.1f s, real clock | configured: %,.0f/s | %,.1f/s"
                                + " (at most %,d in any second) | %.3f |", a.threads(), a.seconds(), a.configured(),
                        a.achieved(), a.maxInAnySecond(), a.ratio());
            }
        }
        if (r.polling() != null) {
            SuiteResults.Polling p = r.polling();
            line(md, "| detail polling, %d client threads | static WireMock stub: %,.0f req/s | simulator: %,.0f req/s |"
                    + " %.2f |", p.clientThreads(), p.detail().staticStub(), p.detail().simulator(), p.detail().ratio());
            line(md, "| batchDetail polling (%d ids), %d client threads | static WireMock stub: %,.0f req/s |"
                            + " simulator: %,.0f req/s | %.2f |", p.batchSize(), p.clientThreads(),
                    p.batchDetail().staticStub(), p.batchDetail().simulator(), p.batchDetail().ratio());
        }
        if (r.endToEnd() != null) {
            SuiteResults.EndToEndFigures e = r.endToEnd();
            for (EndToEnd.Run run : e.runs()) {
                line(md, "| end to end, N=%d R=%.0f/s D=%.0f s, %s, poll %.0f s: makespan | N/R + D = %.1f s | %.1f s |"
                                + " %.3f |", e.tasks(), e.rate(), e.taskSeconds(), families(run), run.pollIntervalSeconds(),
                        run.lowerBoundSeconds(), run.makespanSeconds(), run.makespanRatio());
                line(md, "| the same: requests per task, 429s | 1 (the start alone) | %.3f %s, %d × 429;"
                                + " in flight: mean %.0f, peak %d | %.3f |", run.requestsPerTask(),
                        run.requestsByOperation(), run.rateLimited(), run.meanInFlight(), run.peakInFlight(),
                        run.requestsPerTask());
            }
        }
        if (r.startup() != null) {
            SuiteResults.Startup x = r.startup();
            StartupLatency.Figures script = x.firstRequest().get(0);
            StartupLatency.Figures precompiled = x.firstRequest().get(1);
            for (StartupLatency.Figures f : x.firstRequest().subList(1, x.firstRequest().size())) {
                for (StartupLatency.Figures baseline : List.of(script, precompiled)) {
                    if (baseline != f) {
                        line(md, "| launch to first start request, `%s`, median of %d interleaved turns | %s: %.2f s"
                                        + " (CPU %.2f s) | %.2f s (CPU %.2f s) | %.2f |", f.command(), x.repetitions(),
                                baseline.command(), baseline.medianSeconds(), baseline.medianCpuSeconds(),
                                f.medianSeconds(), f.medianCpuSeconds(),
                                baseline == script ? f.ratioToScript() : f.ratioToClass());
                    }
                }
            }
            for (String command : x.endToEndCommands()) {
                EndToEnd.Run run = x.endToEndMedian(command);
                List<EndToEnd.Run> turns = x.endToEndTurnsOf(command);
                line(md, "| end to end with start-up, N=%d R=%.0f/s D=%.0f s, poll %.1f s, `%s`: launch to exit, %s"
                                + " | N/R + D = %.1f s | %.1f s (first request at %.2f s, network phase %.1f s) | %.3f |",
                        x.endToEndTasks(), x.endToEndRate(), x.endToEndTaskSeconds(), run.pollIntervalSeconds(),
                        command, Targets.medianOf(turns),
                        run.lowerBoundSeconds(), run.wallSeconds(), run.firstRequestSeconds(), run.makespanSeconds(),
                        run.wallRatio());
            }
        }
        if (r.throughput() != null) {
            SuiteResults.ThroughputFigures x = r.throughput();
            Throughput.Median baseline = x.medians().get(0);
            for (Throughput.Median runner : x.medians().subList(1, x.medians().size())) {
                line(md, "| ceiling, N=%,d, unlimited simulator, `%s`, median of %d turns: starts/s | plain Java, 16"
                                + " threads: %,.0f/s | %,.0f/s | %.2f |", x.tasks(), runner.command(), x.turns(),
                        baseline.startsPerSecond(), runner.startsPerSecond(),
                        runner.startsPerSecond() / baseline.startsPerSecond());
                line(md, "| the same: CPU per row (whole process) | plain Java: %.2f ms | %.2f ms | %.2f |",
                        baseline.cpuMsPerRow(), runner.cpuMsPerRow(), runner.cpuMsPerRow() / baseline.cpuMsPerRow());
            }
            for (EndToEnd.Run run : x.bound()) {
                line(md, "| N=%,d R=%.0f/s D=%.0f s, poll %.0f s, `%s`: makespan | N/R + D = %.1f s | %.1f s | %.3f |",
                        x.boundTasks(), x.boundRate(), x.boundTaskSeconds(), run.pollIntervalSeconds(), run.command(),
                        run.lowerBoundSeconds(), run.makespanSeconds(), run.makespanRatio());
            }
        }
        if (r.memory() != null) {
            SuiteResults.Memory x = r.memory();
            List<MemoryFootprint.Run> complete = SuiteResults.Memory.completeRuns(x.runs());
            if (complete.size() >= 2) {
                MemoryFootprint.Run smallest = complete.get(0);
                MemoryFootprint.Run largest = complete.get(complete.size() - 1);
                line(md, "| `run` peak live heap, largest manifest vs smallest | %,d rows: %.0f MB | %,d rows: %.0f MB |"
                                + " %.2f |", smallest.rows(), smallest.peakLiveHeapMb(), largest.rows(),
                        largest.peakLiveHeapMb(), x.liveHeapRatio());
                line(md, "| `run` median live heap, largest manifest vs smallest | %,d rows: %.0f MB | %,d rows: %.0f MB |"
                                + " %.2f |", smallest.rows(), smallest.medianLiveHeapMb(), largest.rows(),
                        largest.medianLiveHeapMb(), x.medianLiveHeapRatio());
                line(md, "| `run` peak RSS, largest manifest vs smallest | %,d rows: %.0f MB | %,d rows: %.0f MB | %.2f |",
                        smallest.rows(), smallest.peakRssMb(), largest.rows(), largest.peakRssMb(), x.rssRatio());
            }
            md.append('\n');
            line(md, "| command | started with | rows | complete | time | rows/s | live heap, peak | live heap, median |"
                    + " max heap after GC | max committed heap | peak RSS | job repository file, peak |");
            line(md, "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
            for (MemoryFootprint.Run run : x.runs()) {
                line(md, "| `%s` | %s | %,d | %s | %.0f s | %,.0f | %.0f MB | %.0f MB | %.0f MB | %.0f MB | %.0f MB | %s |",
                        run.command(), run.runner() == null ? "java -jar" : run.runner(), run.rows(),
                        run.complete() ? "yes" : "no, " + String.format(Locale.ROOT, "%,d rows", run.rowsDone()),
                        run.wallSeconds(), run.rowsPerSecond(), run.peakLiveHeapMb(), run.medianLiveHeapMb(),
                        run.maxHeapAfterGcMb(),
                        run.maxCommittedHeapMb(), run.peakRssMb(), run.command().equals("run")
                                ? String.format(Locale.ROOT, "%.0f MB", run.peakJobRepositoryMb()) : "none");
            }
        }
        if (!r.targets().isEmpty()) {
            md.append('\n');
            line(md, "| target | stated | measured | met | note |");
            line(md, "| --- | --- | --- | --- | --- |");
            for (SuiteResults.Target t : r.targets()) {
                line(md, "| %s | %s | %s | %s | %s |", t.name(), t.target(), t.measured(), t.met() ? "yes" : "**no**",
                        t.note());
            }
        }
        return md.toString();
    }

    private static String families(EndToEnd.Run run) {
        return run.families().equals("all") ? "all 26 families mixed" : run.families();
    }

    private static void line(StringBuilder md, String format, Object... args) {
        md.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}

package io.a2ebatch.fleet;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import io.a2ebatch.client.RequestCounter;
import io.a2ebatch.run.RunCounters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * What each partition did, for the worker's log and the manager's: rows sent, requests, 429s and
 * their rates, kept in the partition's step execution context (so the manager reads them from the job
 * repository) and logged by the worker when the partition ends. Counted as differences of this
 * process's counters over the partition, so they are exact for a worker process (one partition at a
 * time) and shared out roughly among partitions running at once in one process
 * ({@code --workers-in-process}).
 */
final class PartitionFigures implements StepExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(PartitionFigures.class);

    static final String SENT = "a2e.partition.figures.sent";
    static final String REQUESTS = "a2e.partition.figures.requests";
    static final String RATE_LIMITED = "a2e.partition.figures.rate-limited";
    static final String WORKER = "a2e.partition.figures.worker";
    /** The figures' keys (not the worker's). */
    static final List<String> KEYS = List.of(SENT, REQUESTS, RATE_LIMITED);

    private final RequestCounter requests;
    private final RunCounters counters;
    private final String host;

    /** @param host this machine's name, as leases record it */
    PartitionFigures(RequestCounter requests, RunCounters counters, String host) {
        this.requests = requests;
        this.counters = counters;
        this.host = host;
    }

    @Override
    public void beforeStep(StepExecution step) {
        ExecutionContext context = step.getExecutionContext();
        context.putLong(SENT, -counters.submittedThisRun.get());
        context.putLong(REQUESTS, -requests.total());
        context.putLong(RATE_LIMITED, -requests.rateLimited());
        context.putString(WORKER, "pid " + ProcessHandle.current().pid() + " on " + host);
    }

    @Override
    public ExitStatus afterStep(StepExecution step) {
        ExecutionContext context = step.getExecutionContext();
        context.putLong(SENT, context.getLong(SENT) + counters.submittedThisRun.get());
        context.putLong(REQUESTS, context.getLong(REQUESTS) + requests.total());
        context.putLong(RATE_LIMITED, context.getLong(RATE_LIMITED) + requests.rateLimited());
        log.info("{}", describe(step));
        return step.getExitStatus();
    }

    /** One partition's line: its slice, status, worker, time, rows sent, requests, 429s. */
    static String describe(StepExecution step) {
        ExecutionContext context = step.getExecutionContext();
        String slice = PartitionContext.isPartition(context) ? PartitionContext.sliceOf(context).label()
                : step.getStepName();
        double seconds = seconds(step);
        long sent = context.getLong(SENT, 0);
        long requestCount = context.getLong(REQUESTS, 0);
        return String.format(Locale.ROOT, "%s %s on %s in %.1f s: %d rows sent (%.1f/s), %d requests (%.1f/s),"
                        + " %d × 429", slice, step.getStatus().name().toLowerCase(Locale.ROOT),
                context.getString(WORKER, "no worker"), seconds, sent, sent / Math.max(seconds, 0.001),
                requestCount, requestCount / Math.max(seconds, 0.001), context.getLong(RATE_LIMITED, 0));
    }

    /**
     * The fleet's line: every partition's figures together, over the partitions' span. Partitions that
     * ran at once in one process ({@code --workers-in-process}) each counted that whole process: its
     * largest figures are taken once instead of their sum.
     */
    static String describeFleet(List<StepExecution> partitions) {
        long[] totals = new long[3];
        Map<String, List<StepExecution>> byWorker = partitions.stream().collect(Collectors.groupingBy(
                p -> p.getExecutionContext().getString(WORKER, "no worker")));
        for (List<StepExecution> worker : byWorker.values()) {
            boolean atOnce = overlap(worker);
            String[] keys = {SENT, REQUESTS, RATE_LIMITED};
            for (int k = 0; k < keys.length; k++) {
                String key = keys[k];
                var figures = worker.stream().mapToLong(p -> p.getExecutionContext().getLong(key, 0));
                totals[k] += atOnce ? figures.max().orElse(0) : figures.sum();
            }
        }
        LocalDateTime first = partitions.stream().map(StepExecution::getStartTime).filter(Objects::nonNull)
                .min(LocalDateTime::compareTo).orElse(null);
        LocalDateTime last = partitions.stream().map(StepExecution::getEndTime).filter(Objects::nonNull)
                .max(LocalDateTime::compareTo).orElse(null);
        double seconds = first == null || last == null ? 0 : Duration.between(first, last).toMillis() / 1000.0;
        return String.format(Locale.ROOT, "fleet: %d partition(s) on %d worker(s) in %.1f s: %d rows sent (%.1f/s),"
                        + " %d requests (%.1f/s), %d × 429", partitions.size(), byWorker.size(), seconds, totals[0],
                totals[0] / Math.max(seconds, 0.001), totals[1], totals[1] / Math.max(seconds, 0.001), totals[2]);
    }

    /** Whether two of one worker's partitions ran at the same time. */
    private static boolean overlap(List<StepExecution> partitions) {
        for (StepExecution a : partitions) {
            for (StepExecution b : partitions) {
                if (a != b && a.getStartTime() != null && b.getStartTime() != null
                        && !a.getStartTime().isAfter(b.getStartTime())
                        && (a.getEndTime() == null || a.getEndTime().isAfter(b.getStartTime()))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static double seconds(StepExecution step) {
        LocalDateTime start = step.getStartTime();
        LocalDateTime end = step.getEndTime() != null ? step.getEndTime() : LocalDateTime.now();
        return start == null ? 0 : Duration.between(start, end).toMillis() / 1000.0;
    }
}

package io.a2ebatch.fleet;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import io.a2ebatch.job.StepFigures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * What each partition did, for the worker's log and the manager's: worker, time, rows sent, requests,
 * 429s, their rates and the most tasks in flight at once. The figures are the partition's own
 * ({@link StepFigures}, counted apart from any other partition of the same process), written to its
 * step execution context when it ends, so the manager reads every partition's from the job repository
 * whichever process ran it; the worker logs its line as the partition ends.
 */
final class PartitionFigures implements StepExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(PartitionFigures.class);

    static final String WORKER = "a2e.partition.figures.worker";

    private final String host;

    /** @param host this machine's name, as leases record it */
    PartitionFigures(String host) {
        this.host = host;
    }

    @Override
    public void beforeStep(StepExecution step) {
        step.getExecutionContext().putString(WORKER, "pid " + ProcessHandle.current().pid() + " on " + host);
    }

    @Override
    public ExitStatus afterStep(StepExecution step) {
        log.info("{}", describe(step));
        return step.getExitStatus();
    }

    /** One partition's line: its slice, status, worker, time, rows sent, requests, 429s, peak in flight. */
    static String describe(StepExecution step) {
        ExecutionContext context = step.getExecutionContext();
        String slice = PartitionContext.isPartition(context) ? PartitionContext.sliceOf(context).label()
                : step.getStepName();
        return slice + " " + step.getStatus().name().toLowerCase(Locale.ROOT) + " on "
                + context.getString(WORKER, "no worker") + " in " + figures(StepFigures.Totals.of(context), seconds(step));
    }

    /**
     * The fleet's line: every partition's figures added up, over the span from the first partition's
     * start to the last one's end, with the peak in flight the manager sampled from the whole run's rows
     * (not the sum of the partitions' peaks, which need not fall at the same moment).
     */
    static String describeFleet(List<StepExecution> partitions, long sampledPeakInFlight) {
        StepFigures.Totals summed = total(partitions);
        StepFigures.Totals totals = new StepFigures.Totals(summed.sent(), summed.requests(), summed.rateLimited(),
                summed.failed(), sampledPeakInFlight);
        LocalDateTime first = partitions.stream().map(StepExecution::getStartTime).filter(Objects::nonNull)
                .min(LocalDateTime::compareTo).orElse(null);
        LocalDateTime last = partitions.stream().map(StepExecution::getEndTime).filter(Objects::nonNull)
                .max(LocalDateTime::compareTo).orElse(null);
        double seconds = first == null || last == null ? 0 : Duration.between(first, last).toMillis() / 1000.0;
        long workers = partitions.stream().map(p -> p.getExecutionContext().getString(WORKER, "no worker"))
                .distinct().count();
        return String.format(Locale.ROOT, "fleet: %d partition(s) on %d worker(s) in ", partitions.size(), workers)
                + figures(totals, seconds);
    }

    /** Every partition's figures together, as their contexts recorded them. */
    static StepFigures.Totals total(List<StepExecution> partitions) {
        return partitions.stream().map(p -> StepFigures.Totals.of(p.getExecutionContext()))
                .reduce(StepFigures.Totals.NONE, StepFigures.Totals::plus);
    }

    private static String figures(StepFigures.Totals totals, double seconds) {
        double per = Math.max(seconds, 0.001);
        return String.format(Locale.ROOT, "%.1f s: %d rows sent (%.1f/s), %d requests (%.1f/s), %d × 429,"
                        + " peak %d in flight", seconds, totals.sent(), totals.sent() / per, totals.requestTotal(),
                totals.requestTotal() / per, totals.rateLimited(), totals.peakInFlight());
    }

    private static double seconds(StepExecution step) {
        LocalDateTime start = step.getStartTime();
        LocalDateTime end = step.getEndTime() != null ? step.getEndTime() : LocalDateTime.now();
        return start == null ? 0 : Duration.between(start, end).toMillis() / 1000.0;
    }
}

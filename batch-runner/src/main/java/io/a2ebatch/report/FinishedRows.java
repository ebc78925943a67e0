package io.a2ebatch.report;

import java.time.Clock;
import java.time.Instant;

import io.a2ebatch.engine.RunCounters;
import io.a2ebatch.ledger.Ledger;
import io.a2ebatch.ledger.LedgerRow;
import io.a2ebatch.ledger.RowState;

/**
 * Records that a row reached its final state: in the ledger first (the truth), then in the results
 * file and the live counters.
 */
public final class FinishedRows {

    private final long runId;
    private final Ledger ledger;
    private final ResultsFile results;
    private final RunCounters counters;
    private final Clock clock;
    private final CompletionListener onCompleted;

    public FinishedRows(long runId, Ledger ledger, ResultsFile results, RunCounters counters, Clock clock) {
        this(runId, ledger, results, counters, clock, (row, taskId, resultUrl) -> { });
    }

    /** @param onCompleted hears of every row that completed, after the ledger recorded it (downloads start there) */
    public FinishedRows(long runId, Ledger ledger, ResultsFile results, RunCounters counters, Clock clock,
                        CompletionListener onCompleted) {
        this.runId = runId;
        this.ledger = ledger;
        this.results = results;
        this.counters = counters;
        this.clock = clock;
        this.onCompleted = onCompleted;
    }

    /**
     * Finishes {@code row}.
     *
     * @param taskId    the task, or null when the row ended without one (a rejected start request)
     * @param resultUrl result of a completed task, or null
     * @param error     reason of a failure or time-out, or null
     * @param coins     credits A2E reported, or null
     */
    public void finish(LedgerRow row, RowState state, String taskId, String resultUrl, String error, Long coins) {
        Instant now = clock.instant();
        ledger.markFinished(runId, row.key(), state, resultUrl, error, coins, now);
        results.append(new LedgerRow(row.key(), row.line(), row.family(), row.request(), state, row.taskName(),
                taskId == null ? row.taskId() : taskId, resultUrl, error, coins, row.attempts(), row.submittingAt(),
                row.submittedAt(), now, row.download()));
        switch (state) {
            case COMPLETED -> {
                counters.completed.incrementAndGet();
                onCompleted.completed(row, taskId == null ? row.taskId() : taskId, resultUrl);
            }
            case FAILED -> counters.failed.incrementAndGet();
            case TIMED_OUT -> counters.timedOut.incrementAndGet();
            default -> throw new IllegalArgumentException(state + " is not final");
        }
    }

    /** Hears of a row that completed. */
    @FunctionalInterface
    public interface CompletionListener {
        void completed(LedgerRow row, String taskId, String resultUrl);
    }
}

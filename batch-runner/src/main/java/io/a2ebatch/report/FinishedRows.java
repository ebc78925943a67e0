package io.a2ebatch.report;

import java.time.Clock;
import java.time.Instant;

import io.a2ebatch.ledger.Ledger;
import io.a2ebatch.ledger.LedgerRow;
import io.a2ebatch.ledger.RowState;
import io.a2ebatch.run.RunCounters;
import io.a2ebatch.run.RunPass;

/**
 * Records that a row reached its final state: in the ledger first (the truth), then in the results
 * file and the live counters.
 */
public final class FinishedRows {

    private final RunPass pass;
    private final Ledger ledger;
    private final ResultsFile results;
    private final RunCounters counters;
    private final Clock clock;
    private final CompletionListener onCompleted;

    /** @param onCompleted hears of every row that completed, after the ledger recorded it (downloads start there) */
    public FinishedRows(RunPass pass, Ledger ledger, ResultsFile results, RunCounters counters, Clock clock,
                        CompletionListener onCompleted) {
        this.pass = pass;
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
     * @param reportedCoins credits A2E reported for the task, or null; a failed task's are refunded
     */
    public void finish(LedgerRow row, RowState state, String taskId, String resultUrl, String error,
                       Long reportedCoins) {
        Instant now = clock.instant();
        Long coins = netCoins(state, reportedCoins);
        ledger.markFinished(pass, row.key(), state, resultUrl, error, coins, now);
        if (row.seenPass() == pass.pass()) {
            // A task of a key the manifest no longer has is followed to its end, but not listed.
            results.append(row.finished(state, taskId, resultUrl, error, coins, now));
        }
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

    /**
     * Coins the row cost: charged − refunded. A2E refunds a failed task in full ("Credits are
     * automatically refunded on timeout or failure"), though its record still shows the charge.
     */
    static Long netCoins(RowState state, Long reportedCoins) {
        return state == RowState.FAILED ? Long.valueOf(0) : reportedCoins;
    }
}

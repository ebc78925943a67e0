package io.a2ebatch.report;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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
     * A row that reached its final state.
     *
     * @param row           the row
     * @param state         its final state
     * @param taskId        the task, or null when the row ended without one (a rejected start request)
     * @param resultUrl     result of a completed task, or null
     * @param error         reason of a failure or time-out, or null
     * @param reportedCoins credits A2E reported for the task, or null; a failed task's are refunded
     */
    public record Ending(LedgerRow row, RowState state, String taskId, String resultUrl, String error,
                         Long reportedCoins) {
    }

    /** Finishes one row (see {@link #finishAll}). */
    public void finish(LedgerRow row, RowState state, String taskId, String resultUrl, String error,
                       Long reportedCoins) {
        finishAll(List.of(new Ending(row, state, taskId, resultUrl, error, reportedCoins)));
    }

    /**
     * Finishes rows learnt from one answer: their final states in one ledger transaction, then, once
     * committed, the results file (one flush) and the counters.
     */
    public void finishAll(List<Ending> endings) {
        if (endings.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        List<Ledger.Finished> records = new ArrayList<>(endings.size());
        List<LedgerRow> listed = new ArrayList<>(endings.size());
        for (Ending e : endings) {
            Long coins = netCoins(e.state(), e.reportedCoins());
            records.add(new Ledger.Finished(e.row().key(), e.state(), e.resultUrl(), e.error(), coins, now));
            if (e.row().seenPass() == pass.pass()) {
                // A task of a key the manifest no longer has is followed to its end, but not listed.
                listed.add(e.row().finished(e.state(), e.taskId(), e.resultUrl(), e.error(), coins, now));
            }
        }
        ledger.markFinished(pass, records);
        results.appendAll(listed);
        for (Ending e : endings) {
            switch (e.state()) {
                case COMPLETED -> {
                    counters.completed.incrementAndGet();
                    onCompleted.completed(e.row(), e.taskId() == null ? e.row().taskId() : e.taskId(),
                            e.resultUrl());
                }
                case FAILED -> counters.failed.incrementAndGet();
                case TIMED_OUT -> counters.timedOut.incrementAndGet();
                default -> throw new IllegalArgumentException(e.state() + " is not final");
            }
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

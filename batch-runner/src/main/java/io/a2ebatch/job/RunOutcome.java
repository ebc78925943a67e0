package io.a2ebatch.job;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.a2ebatch.client.ApiCall;
import io.a2ebatch.download.DownloadSummary;
import io.a2ebatch.ledger.Plan;
import io.a2ebatch.ledger.RowState;
import io.a2ebatch.report.PlanReport;
import io.a2ebatch.run.RunIdentity;

/**
 * How a {@code run} ended, with what the summary prints.
 *
 * @param kind         how it ended
 * @param identity     the run
 * @param counts       rows per ledger state
 * @param rejected     rows rejected at ingest
 * @param coins        credits the run's tasks cost: charged − refunded (failed tasks are refunded)
 * @param requests     requests this process sent, by kind, and those of the pass's fleet partitions
 * @param rateLimited  429 answers this process and the partitions received
 * @param submitted    tasks this process and the partitions submitted
 * @param failedRequests requests of this process and the partitions that ended in an error (429s included)
 * @param foundInDoubt rows in doubt whose task a look-up by name found, so nothing was sent again
 * @param plan         the plan the pass printed, or null when the run did not get that far
 * @param elapsed      wall time of this process's run
 * @param message      why it stopped or failed, and what to do; empty when it completed
 * @param paths        results and rejects files
 * @param downloads    what was downloaded, when downloads are on
 * @param callbacks    callbacks received, when callbacks are on
 */
public record RunOutcome(Kind kind, RunIdentity identity, Map<RowState, Long> counts, long rejected, long coins,
                         Map<ApiCall, Long> requests, long rateLimited, long submitted, long failedRequests,
                         long foundInDoubt, PlanReport plan, Duration elapsed,
                         String message, OutputPaths paths, Optional<DownloadSummary> downloads,
                         CallbackTally callbacks) {

    /** An outcome without callbacks. */
    public RunOutcome(Kind kind, RunIdentity identity, Map<RowState, Long> counts, long rejected, long coins,
                      Map<ApiCall, Long> requests, long rateLimited, long submitted, long failedRequests,
                      long foundInDoubt, PlanReport plan, Duration elapsed,
                      String message, OutputPaths paths, Optional<DownloadSummary> downloads) {
        this(kind, identity, counts, rejected, coins, requests, rateLimited, submitted, failedRequests, foundInDoubt,
                plan, elapsed, message, paths, downloads, CallbackTally.NONE);
    }

    /**
     * Callbacks this process received.
     *
     * @param accepted   of this run's rows, correctly signed (duplicates included)
     * @param duplicates accepted ones that brought nothing new (a task already followed or final)
     * @param refused    forged (403), stray (404) or unreadable (400)
     */
    public record CallbackTally(long accepted, long duplicates, long refused) {

        /** None received. */
        public static final CallbackTally NONE = new CallbackTally(0, 0, 0);
    }

    /** How a run ended. */
    public enum Kind {
        /** Every row reached a final state in this process. */
        COMPLETED,
        /** Nothing to do: the manifest already ran to the end. */
        ALREADY_COMPLETED,
        /** Stopped before the end; running the same command again resumes. */
        STOPPED,
        /** The manifest cannot be run as it is (for example a CSV syntax error); nothing was sent. */
        INVALID_MANIFEST,
        /** Failed unexpectedly; running the same command again resumes once the cause is fixed. */
        FAILED
    }

    private long count(RowState state) {
        return counts.getOrDefault(state, 0L);
    }

    /**
     * Whether every row of the run completed and none was rejected, and with downloads on, no
     * completed row's download failed.
     */
    public boolean allSucceeded() {
        return rowsSucceeded() && downloads.map(d -> d.failed() == 0).orElse(true);
    }

    private boolean rowsSucceeded() {
        return rejected == 0 && count(RowState.FAILED) == 0 && count(RowState.TIMED_OUT) == 0;
    }

    /** The summary printed at the end of a run. */
    public String summary() {
        long total = counts.values().stream().mapToLong(Long::longValue).sum() + rejected - count(RowState.WITHDRAWN);
        long open = count(RowState.PENDING) + count(RowState.SUBMITTING) + count(RowState.SUBMITTED);
        long requestTotal = requests.values().stream().mapToLong(Long::longValue).sum();
        double seconds = Math.max(1e-3, elapsed.toMillis() / 1000.0);
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "a2e-batch: %s — %s (run %s, %.1f s)%n", identity.manifest(), headline(),
                identity.tag(), seconds));
        if (!identity.name().equals(identity.manifest().toString())) {
            s.append("  run:      ").append(identity.name()).append(System.lineSeparator());
        }
        s.append(String.format(Locale.ROOT, "  rows:     %d total: %d completed, %d failed, %d timed out, %d rejected%s%n",
                total, count(RowState.COMPLETED), count(RowState.FAILED), count(RowState.TIMED_OUT), rejected,
                open > 0 ? ", " + open + " not finished (" + count(RowState.SUBMITTED) + " in flight at A2E"
                        + (count(RowState.SUBMITTING) > 0 ? ", " + count(RowState.SUBMITTING) + " in doubt" : "") + ")"
                        : ""));
        if (plan != null) {
            s.append(String.format(Locale.ROOT, "  plan:     %d sent this pass, %d kept, %d followed, %d changed"
                            + " after their task was created (not resent), %d no longer in the manifest%n",
                    plan.toSend(), plan.count(Plan.KEEP), plan.count(Plan.FOLLOW), plan.count(Plan.CHANGED_HELD),
                    plan.missing()));
            if (plan.reconcile() != null && !plan.reconcile().skipped()) {
                s.append(String.format(Locale.ROOT, "  adopted:  %d row(s) found at A2E on fresh state, not sent%n",
                        plan.reconcile().adopted()));
            }
        }
        s.append(String.format(Locale.ROOT, "  coins:    %d net of refunds%s%n", coins,
                count(RowState.FAILED) > 0 ? " (the " + count(RowState.FAILED) + " failed rows cost 0: A2E refunds a"
                        + " failed task)" : ""));
        if (requestTotal > 0) {
            s.append(String.format(Locale.ROOT, "  requests: %d this session (%s)%s; %d failed, %d of them 429;"
                            + " %.2f req/s%n",
                    requestTotal, requests.entrySet().stream().filter(e -> e.getValue() > 0)
                            .map(e -> e.getValue() + " " + e.getKey().label())
                            .collect(Collectors.joining(", ")),
                    submitted == 0 ? "" : String.format(Locale.ROOT, ", %.2f per task submitted",
                            (double) requestTotal / submitted),
                    failedRequests, rateLimited, requestTotal / seconds));
        }
        if (foundInDoubt > 0) {
            s.append(String.format(Locale.ROOT, "  in doubt: %d start request(s) without a recorded answer were found at"
                    + " A2E by name, or named by their callback, and not sent again%n", foundInDoubt));
        }
        if (callbacks.accepted() + callbacks.refused() > 0) {
            s.append(String.format(Locale.ROOT, "  callbacks: %d accepted (%d duplicates or about rows already"
                    + " final), %d refused (forged, stray or unreadable)%n", callbacks.accepted(),
                    callbacks.duplicates(), callbacks.refused()));
        }
        downloads.ifPresent(d -> s.append("  ").append(d.line()).append(System.lineSeparator()));
        // Only files that exist: a run that stopped at ingest never wrote its results.
        if (Files.exists(paths.results())) {
            s.append("  results:  ").append(paths.results()).append(System.lineSeparator());
        }
        if (rejected > 0 && Files.exists(paths.rejects())) {
            s.append("  rejects:  ").append(paths.rejects()).append(System.lineSeparator());
        }
        if (!message.isEmpty()) {
            s.append("  ").append(message).append(System.lineSeparator());
        }
        return s.toString();
    }

    private String headline() {
        return switch (kind) {
            case COMPLETED -> allSucceeded() ? "all rows completed" : rowsSucceeded()
                    ? "all rows completed, some files could not be downloaded" : "finished, some rows did not complete";
            case ALREADY_COMPLETED -> "already ran to the end; nothing sent";
            case STOPPED -> "stopped; run the same command again to resume";
            case INVALID_MANIFEST -> "the manifest cannot be run";
            case FAILED -> "failed; run the same command again to resume once the cause is fixed";
        };
    }
}

package io.a2ebatch.job;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.a2ebatch.cli.ExitCode;
import io.a2ebatch.client.ApiCall;
import io.a2ebatch.download.DownloadSummary;
import io.a2ebatch.ledger.RowState;

/**
 * How a {@code run} ended, with what the summary prints.
 *
 * @param kind         how it ended
 * @param identity     the manifest
 * @param counts       rows per ledger state
 * @param rejected     rows rejected at ingest
 * @param coins        credits A2E reported for the run's tasks
 * @param requests     requests this process sent, by kind
 * @param rateLimited  429 answers this process received
 * @param submitted    tasks this process submitted
 * @param failedRequests requests this process sent that ended in an error (429s included)
 * @param foundInDoubt rows in doubt whose task a look-up by name found, so nothing was sent again
 * @param elapsed      wall time of this process's run
 * @param message      why it stopped or failed, and what to do; empty when it completed
 * @param paths        results and rejects files
 * @param downloads    what was downloaded, when downloads are on
 */
public record RunOutcome(Kind kind, ManifestIdentity identity, Map<RowState, Long> counts, long rejected, long coins,
                         Map<ApiCall, Long> requests, long rateLimited, long submitted, long failedRequests,
                         long foundInDoubt, Duration elapsed,
                         String message, OutputPaths paths, Optional<DownloadSummary> downloads) {

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

    public ExitCode exitCode() {
        return switch (kind) {
            case COMPLETED, ALREADY_COMPLETED -> allSucceeded() ? ExitCode.SUCCESS : ExitCode.ROWS_FAILED;
            case STOPPED -> ExitCode.STOPPED_RESTARTABLE;
            case INVALID_MANIFEST -> ExitCode.USAGE;
            case FAILED -> ExitCode.INTERNAL_ERROR;
        };
    }

    private long count(RowState state) {
        return counts.getOrDefault(state, 0L);
    }

    /** Every row completed, and with downloads on, every completed row's file is on disk. */
    private boolean allSucceeded() {
        return rejected == 0 && count(RowState.FAILED) == 0 && count(RowState.TIMED_OUT) == 0
                && downloads.map(d -> d.failed() == 0).orElse(true);
    }

    /** The summary printed at the end of a run. */
    public String summary() {
        long total = counts.values().stream().mapToLong(Long::longValue).sum() + rejected;
        long open = count(RowState.PENDING) + count(RowState.SUBMITTING) + count(RowState.SUBMITTED);
        long requestTotal = requests.values().stream().mapToLong(Long::longValue).sum();
        double seconds = Math.max(1e-3, elapsed.toMillis() / 1000.0);
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "a2e-batch: %s — %s (run %s, %.1f s)%n", identity.path(), headline(),
                identity.runTag(), seconds));
        s.append(String.format(Locale.ROOT, "  rows:     %d total: %d completed, %d failed, %d timed out, %d rejected%s%n",
                total, count(RowState.COMPLETED), count(RowState.FAILED), count(RowState.TIMED_OUT), rejected,
                open > 0 ? ", " + open + " not finished (" + count(RowState.SUBMITTED) + " in flight at A2E)" : ""));
        s.append(String.format(Locale.ROOT, "  coins:    %d%n", coins));
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
                    + " A2E by name and not sent again%n", foundInDoubt));
        }
        downloads.ifPresent(d -> s.append("  ").append(d.line()).append(System.lineSeparator()));
        s.append("  results:  ").append(paths.results()).append(System.lineSeparator());
        if (rejected > 0) {
            s.append("  rejects:  ").append(paths.rejects()).append(System.lineSeparator());
        }
        if (!message.isEmpty()) {
            s.append("  ").append(message).append(System.lineSeparator());
        }
        return s.toString();
    }

    private String headline() {
        return switch (kind) {
            case COMPLETED -> allSucceeded() ? "all rows completed" : "finished, some rows did not complete";
            case ALREADY_COMPLETED -> "already ran to the end; nothing sent";
            case STOPPED -> "stopped; run the same command again to resume";
            case INVALID_MANIFEST -> "the manifest cannot be run";
            case FAILED -> "failed; run the same command again to resume once the cause is fixed";
        };
    }
}

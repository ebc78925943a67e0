package io.a2ebatch.report;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.a2ebatch.ledger.LedgerRow;
import io.a2ebatch.ledger.Plan;

/**
 * The plan of a pass, printed before anything is sent: how many rows are kept, followed, sent, and
 * which keys changed after their task was created (by key, with the changed fields) or are no longer in
 * the manifest.
 *
 * @param runName        the run
 * @param runTag         its tag
 * @param pass           the pass
 * @param counts         rows per plan
 * @param held           the first rows whose request changed after their task was created
 * @param missing        keys of the run the manifest no longer has
 * @param missingSample  the first of them
 * @param rejected       rows rejected by this pass's ingest
 * @param reconcile      what the fresh-state reconcile found, or null when there was none
 */
public record PlanReport(String runName, String runTag, long pass, Map<Plan, Long> counts, List<LedgerRow> held,
                         long missing, List<String> missingSample, long rejected, Reconcile reconcile) {

    /** How many changed or missing keys are named. */
    public static final int SAMPLE = 20;

    /**
     * What the reconcile with A2E did.
     *
     * @param pages    list requests sent
     * @param read     task records read
     * @param adopted  rows that got an existing task (now followed, not sent)
     * @param unlisted families without a list operation, whose tasks cannot be found
     * @param skipped  true when {@code --no-reconcile} skipped it
     */
    public record Reconcile(long pages, long read, long adopted, List<String> unlisted, boolean skipped) {
    }

    public PlanReport {
        counts = new EnumMap<>(counts);
        held = List.copyOf(held);
        missingSample = List.copyOf(missingSample);
    }

    public long count(Plan plan) {
        return counts.getOrDefault(plan, 0L);
    }

    /** Rows this pass sends a start request for. */
    public long toSend() {
        return counts.entrySet().stream().filter(e -> e.getKey().sends()).mapToLong(Map.Entry::getValue).sum();
    }

    /** The plan as printed, several lines, each ending with a line separator. */
    public String format() {
        String nl = System.lineSeparator();
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "plan of run %s (tag %s, pass %d): %d row(s) to send%n", runName, runTag,
                pass, toSend()));
        if (reconcile != null) {
            if (reconcile.skipped()) {
                s.append("  reconcile: skipped (--no-reconcile); tasks this run may already have at A2E are not"
                        + " looked for").append(nl);
            } else {
                s.append(String.format(Locale.ROOT, "  reconcile: fresh state, %d task(s) read on %d list page(s);"
                        + " %d row(s) adopted an existing task and are followed, not sent%n", reconcile.read(),
                        reconcile.pages(), reconcile.adopted()));
                if (!reconcile.unlisted().isEmpty()) {
                    s.append("  reconcile: families without a list operation, not looked up: ")
                            .append(String.join(", ", reconcile.unlisted())).append(nl);
                }
            }
        }
        for (Plan plan : Plan.values()) {
            long n = count(plan);
            if (n > 0) {
                s.append(String.format(Locale.ROOT, "  %-50s %d%n", plan.label() + ":", n));
            }
        }
        for (LedgerRow row : held) {
            s.append("    ").append(row.key()).append(" (line ").append(row.line()).append("): ")
                    .append(row.changedFields()).append(" changed; its task ").append(row.taskId() == null
                            ? "(in doubt)" : row.taskId()).append(" is kept").append(nl);
        }
        long heldCount = count(Plan.CHANGED_HELD);
        if (heldCount > held.size()) {
            s.append("    ... and ").append(heldCount - held.size()).append(" more").append(nl);
        }
        if (heldCount > 0) {
            s.append("    run with --resubmit-changed to send them again as a new task (paid again)").append(nl);
        }
        if (missing > 0) {
            s.append(String.format(Locale.ROOT, "  %-50s %d: %s%s%n", "no longer in the manifest (kept, not sent):",
                    missing, String.join(", ", missingSample), missing > missingSample.size() ? ", ..." : ""));
        }
        if (rejected > 0) {
            s.append(String.format(Locale.ROOT, "  %-50s %d%n", "rejected (not sent):", rejected));
        }
        return s.toString();
    }
}

package io.a2ebatch.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;

import io.a2ebatch.spec.SpecJson;
import tools.jackson.databind.JsonNode;

/**
 * Decides what a pass does with one manifest row given what the ledger holds for its key, and what the
 * ledger then holds. One rule for {@code run} (which records it) and {@code plan} / {@code --dry-run}
 * (which only prints it).
 */
public final class RowPlanner {

    /** One digest per thread: looking the algorithm up for every row was a tenth of the ingest's fingerprints. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM has no SHA-256", e);
        }
    });

    private final Options options;

    public RowPlanner(Options options) {
        this.options = options;
    }

    /**
     * How a pass treats rows that already had a task.
     *
     * @param retryFailed     resubmit rows whose task failed at A2E, as a new attempt
     * @param resubmitChanged resubmit finished rows whose request changed, as a new attempt
     */
    public record Options(boolean retryFailed, boolean resubmitChanged) {
        public static final Options DEFAULT = new Options(false, false);
    }

    /**
     * A manifest row as the pass reads it.
     *
     * @param key     row key
     * @param line    manifest line
     * @param family  task family name
     * @param request start request body (JSON text)
     */
    public record Incoming(String key, long line, String family, String request) {
        public String fingerprint() {
            return RowPlanner.fingerprint(family, request);
        }
    }

    /**
     * The decision for a row.
     *
     * @param plan          what happens to it
     * @param after         the ledger row once the decision is recorded
     * @param supersededTaskId the task of the attempt a new attempt replaces, or null
     */
    public record Decision(Plan plan, LedgerRow after, String supersededTaskId) {
    }

    /** Decides for {@code row} in pass {@code pass}; {@code existing} is the ledger's row of the key, or null. */
    public Decision decide(Incoming row, LedgerRow existing, long pass) {
        String fingerprint = row.fingerprint();
        if (existing == null) {
            return new Decision(Plan.NEW, new LedgerRow(row.key(), row.line(), row.family(), row.request(),
                    fingerprint, RowState.PENDING, null, null, 1, null, null, null, 0, null, null, null, pass,
                    Plan.NEW, null, LedgerRow.Download.NONE), null);
        }
        boolean same = existing.fingerprint().equals(fingerprint);
        Plan plan = switch (existing.state()) {
            case PENDING, WITHDRAWN -> Plan.SEND;
            case SUBMITTING, SUBMITTED -> same ? Plan.FOLLOW : Plan.CHANGED_HELD;
            case FAILED -> {
                if (existing.taskId() == null) {
                    // A2E refused the start: no task exists, a changed or retried row is simply sent.
                    yield !same || options.retryFailed() ? Plan.SEND : Plan.KEEP;
                }
                if (options.retryFailed()) {
                    yield Plan.RETRY;
                }
                yield same ? Plan.KEEP : options.resubmitChanged() ? Plan.RESUBMIT : Plan.CHANGED_HELD;
            }
            case COMPLETED, TIMED_OUT -> same ? Plan.KEEP : options.resubmitChanged() ? Plan.RESUBMIT
                    : Plan.CHANGED_HELD;
        };
        return switch (plan) {
            case KEEP, FOLLOW -> new Decision(plan, touched(existing, row, pass, plan, null), null);
            case CHANGED_HELD -> new Decision(plan, touched(existing, row, pass, plan,
                    String.join(",", changedFields(existing, row))), null);
            case SEND -> new Decision(plan, new LedgerRow(row.key(), row.line(), row.family(), row.request(),
                    fingerprint, RowState.PENDING, existing.taskName(), null, existing.taskAttempt(), null, null,
                    null, existing.attempts(), existing.submittingAt(), null, null, pass, plan, null,
                    LedgerRow.Download.NONE), null);
            case RESUBMIT, RETRY -> new Decision(plan, new LedgerRow(row.key(), row.line(), row.family(),
                    row.request(), fingerprint, RowState.PENDING, null, null, existing.taskAttempt() + 1, null, null,
                    null, existing.attempts(), null, null, null, pass, plan, null, LedgerRow.Download.NONE),
                    existing.taskId());
            case NEW -> throw new IllegalStateException("an existing row is not new");
        };
    }

    private static LedgerRow touched(LedgerRow e, Incoming row, long pass, Plan plan, String changed) {
        return new LedgerRow(e.key(), row.line(), e.family(), e.request(), e.fingerprint(), e.state(), e.taskName(),
                e.taskId(), e.taskAttempt(), e.resultUrl(), e.error(), e.coins(), e.attempts(), e.submittingAt(),
                e.submittedAt(), e.finishedAt(), pass, plan, changed, e.download());
    }

    /** The top-level request fields (and {@code type}) whose values differ, sorted. */
    static List<String> changedFields(LedgerRow existing, Incoming row) {
        TreeSet<String> changed = new TreeSet<>();
        if (!existing.family().equals(row.family())) {
            changed.add("type");
        }
        JsonNode before = SpecJson.MAPPER.readTree(existing.request());
        JsonNode now = SpecJson.MAPPER.readTree(row.request());
        TreeSet<String> names = new TreeSet<>(before.propertyNames());
        names.addAll(now.propertyNames());
        for (String name : names) {
            if (!before.path(name).equals(now.path(name))) {
                changed.add(name);
            }
        }
        return new ArrayList<>(changed);
    }

    /**
     * SHA-256 (hex, 32 characters) of the family and the request with its fields in a fixed order, so a
     * manifest whose columns were only reordered still matches. Ledgers keep these across versions: the
     * text hashed must stay what Jackson writes for each name and value.
     */
    public static String fingerprint(String family, String request) {
        StringBuilder canonical = new StringBuilder(family).append('\n');
        canonical(SpecJson.MAPPER.readTree(request), canonical);
        byte[] hash = SHA_256.get().digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(hash, 0, 16);
    }

    private static void canonical(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            out.append('{');
            for (String name : new TreeSet<>(node.propertyNames())) {
                quoted(name, out);
                out.append(':');
                canonical(node.get(name), out);
                out.append(',');
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            node.forEach(item -> {
                canonical(item, out);
                out.append(',');
            });
            out.append(']');
        } else if (node.isString()) {
            quoted(node.asString(), out);
        } else if (node.isBoolean()) {
            out.append(node.booleanValue());
        } else if (node.isInt() || node.isLong() || node.isShort()) {
            out.append(node.longValue());
        } else {
            out.append(node);
        }
    }

    /**
     * A JSON string as Jackson writes it. Jackson escapes only control characters, the quote and the
     * backslash (RowPlannerTest compares every UTF-16 unit): text without them is written as it is, and
     * text with them goes through Jackson, whose escapes define the fingerprints already recorded. Half a
     * fingerprint's time on a cold JVM was one Jackson generator per name and per value.
     */
    private static void quoted(String text, StringBuilder out) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') {
                out.append(SpecJson.MAPPER.writeValueAsString(text));
                return;
            }
        }
        out.append('"').append(text).append('"');
    }
}

package io.a2ebatch.spec.family;

import java.util.Locale;

/**
 * The lifecycle of an A2E task as the spec's descriptions and the doc pages give it:
 * {@code initialized → sent → pending → processing → completed | failed}.
 */
public enum TaskState {
    INITIALIZED, SENT, PENDING, PROCESSING, COMPLETED, FAILED,
    /** A status string this client does not know; treated as still running. */
    UNKNOWN;

    /** The value of {@code current_status} on the wire. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the task will not change any more. */
    public boolean isFinal() {
        return this == COMPLETED || this == FAILED;
    }

    /** Reads a wire status; anything unrecognised is {@link #UNKNOWN}. */
    public static TaskState fromWire(String status) {
        if (status == null) {
            return UNKNOWN;
        }
        return switch (status.trim().toLowerCase(Locale.ROOT)) {
            case "initialized" -> INITIALIZED;
            case "sent" -> SENT;
            case "pending" -> PENDING;
            case "processing" -> PROCESSING;
            case "completed" -> COMPLETED;
            case "failed" -> FAILED;
            default -> UNKNOWN;
        };
    }
}

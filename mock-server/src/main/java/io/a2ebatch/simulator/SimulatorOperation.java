package io.a2ebatch.simulator;

import java.util.Locale;
import java.util.Optional;
import java.util.StringJoiner;

/** What a request to the simulator asks for; stats, the request log and per-operation latency use it. */
public enum SimulatorOperation {
    /** Creates a task ({@code POST .../start}, {@code .../add}, {@code .../startDubbing}). */
    START("start"),
    /** Reads one task. */
    DETAIL("detail"),
    /** Reads many tasks by id. */
    BATCH_DETAIL("batchDetail"),
    /** Lists an account's tasks of a family, newest first. */
    LIST("list"),
    /** Deletes a task. */
    DELETE("delete"),
    /** Downloads a finished task's result file ({@code GET /results/...}). */
    RESULT_FILE("resultFile"),
    /** The simulator's own inspection and control API ({@code /__a2e/...}). */
    ADMIN("admin"),
    /** Anything else: operations of the spec the simulator does not model, unknown paths. */
    OTHER("other");

    private final String wireName;

    SimulatorOperation(String wireName) {
        this.wireName = wireName;
    }

    /** The name stats and the command line use: {@code start}, {@code batchDetail}, {@code resultFile} ... */
    public String wireName() {
        return wireName;
    }

    /** The operation with this wire or enum name; case, dashes and underscores are ignored. */
    public static Optional<SimulatorOperation> fromName(String name) {
        String key = normalise(name);
        for (SimulatorOperation op : values()) {
            if (normalise(op.wireName).equals(key) || normalise(op.name()).equals(key)) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }

    /**
     * The operation responses of which latency can be added to (every one but {@link #ADMIN}), by a
     * wire or enum name.
     */
    public static Optional<SimulatorOperation> withLatency(String name) {
        return fromName(name).filter(op -> op != ADMIN);
    }

    /** Wire names of the operations {@link #withLatency} accepts, for messages and help. */
    public static String latencyNames() {
        StringJoiner names = new StringJoiner(", ");
        for (SimulatorOperation op : values()) {
            if (op != ADMIN) {
                names.add(op.wireName);
            }
        }
        return names.toString();
    }

    private static String normalise(String name) {
        return name.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
    }
}

package io.a2ebatch.submit;

import java.util.Optional;

/**
 * The name a task is started with. It carries the run tag, the row key and, from the second attempt
 * on, the attempt number, so that after a crash or on fresh state the family's list can say whether a
 * row's start request created a task, and a look-up for attempt 2 never adopts attempt 1's task:
 * {@code demo-001 [a2e 3f9c1a20]}, {@code demo-001 [a2e 3f9c1a20 #2]} or, when the row has a
 * {@code name} of its own (other than its key), {@code My clip [a2e 3f9c1a20 demo-001]}.
 */
public final class TaskNaming {

    private final String runTag;
    private final String marker;

    /** @param runTag eight hex characters identifying the run (derived from its name) */
    public TaskNaming(String runTag) {
        this.runTag = runTag;
        this.marker = "[a2e " + runTag;
    }

    public String runTag() {
        return runTag;
    }

    /**
     * The task name for attempt {@code attempt} of a row with {@code key} and, possibly empty, its own
     * {@code name} cell.
     */
    public String nameFor(String key, String ownName, int attempt) {
        String suffix = attempt <= 1 ? "]" : " #" + attempt + "]";
        if (ownName == null || ownName.isBlank() || ownName.equals(key)) {
            return key + " " + marker + suffix;
        }
        return ownName + " " + marker + " " + key + suffix;
    }

    /**
     * A task name of this run read back.
     *
     * @param key     the row key
     * @param attempt the attempt
     */
    public record Parsed(String key, int attempt) {
    }

    /** The row key and attempt a task name of this run carries; empty for any other name. */
    public Optional<Parsed> parse(String taskName) {
        if (taskName == null || !taskName.endsWith("]")) {
            return Optional.empty();
        }
        int at = taskName.lastIndexOf(marker);
        if (at < 0) {
            return Optional.empty();
        }
        String inside = taskName.substring(at + marker.length(), taskName.length() - 1);
        int attempt = 1;
        int hash = inside.lastIndexOf(" #");
        if (hash >= 0 && inside.substring(hash + 2).chars().allMatch(Character::isDigit) && hash + 2 < inside.length()) {
            attempt = Integer.parseInt(inside.substring(hash + 2));
            inside = inside.substring(0, hash);
        }
        if (inside.isEmpty()) {
            // key [a2e TAG]: the key is everything before the marker.
            return at == 0 ? Optional.empty() : Optional.of(new Parsed(taskName.substring(0, at - 1), attempt));
        }
        if (!inside.startsWith(" ")) {
            return Optional.empty();
        }
        return Optional.of(new Parsed(inside.substring(1), attempt));
    }
}

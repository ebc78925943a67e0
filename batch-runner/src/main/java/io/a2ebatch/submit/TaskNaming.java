package io.a2ebatch.submit;

/**
 * The name a task is started with. It carries the run tag and the row key, so that after a crash
 * the family's list can say whether a row's start request created a task: {@code demo-001 [a2e 3f9c1a20]}
 * or, when the row has a {@code name} of its own (other than its key), {@code My clip [a2e 3f9c1a20 demo-001]}.
 */
public final class TaskNaming {

    private final String runTag;

    /** @param runTag eight hex characters identifying the run (manifest path and content) */
    public TaskNaming(String runTag) {
        this.runTag = runTag;
    }

    public String runTag() {
        return runTag;
    }

    /** The task name for a row with {@code key} and, possibly empty, its own {@code name} cell. */
    public String nameFor(String key, String ownName) {
        if (ownName == null || ownName.isBlank() || ownName.equals(key)) {
            return key + " [a2e " + runTag + "]";
        }
        return ownName + " [a2e " + runTag + " " + key + "]";
    }
}

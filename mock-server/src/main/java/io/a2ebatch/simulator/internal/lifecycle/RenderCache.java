package io.a2ebatch.simulator.internal.lifecycle;

import java.util.function.Function;

/**
 * What a renderer works out once from a task's fixed fields (its start request) and keeps with the
 * task, so that no answer parses the stored request again. Filled by the first render; two renders
 * racing both compute the same value from the same immutable input, and either one is kept.
 */
public final class RenderCache {

    private volatile Object value;
    private volatile Object last;

    RenderCache() {
    }

    /**
     * The value {@code compute} made of {@code task}'s fixed fields, computed on the first call.
     *
     * @param type the value's type: one renderer uses a cache, so it is always the same
     * @param task the task this cache belongs to
     */
    public <T> T get(Class<T> type, TaskView task, Function<TaskView, ? extends T> compute) {
        Object cached = value;
        if (cached == null) {
            cached = compute.apply(task);
            value = cached;
        }
        return type.cast(cached);
    }

    /**
     * What the renderer last made of the task as it changes (its last answer, say), or {@code null}: kept
     * apart from {@link #get}'s value so that an answer that repeats the last one follows one reference
     * fewer. Whoever reads it checks that it still fits the task.
     */
    public Object last() {
        return last;
    }

    /** Keeps {@code value} as the renderer's {@link #last}; two renders racing keep either, both correct for their view. */
    public void last(Object value) {
        last = value;
    }
}

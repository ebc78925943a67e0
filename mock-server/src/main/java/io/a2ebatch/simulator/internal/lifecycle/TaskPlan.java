package io.a2ebatch.simulator.internal.lifecycle;

/**
 * The fate of a task, drawn when it is started: how long it will process and whether it will fail.
 *
 * @param durationMillis processing time
 * @param failure        how it fails at the end of processing, or {@code null} when it completes
 */
public record TaskPlan(long durationMillis, Failure failure) {
}

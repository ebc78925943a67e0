package io.a2ebatch.simulator.internal.lifecycle;

/**
 * Why a task failed, as its record shows it ({@code failed_code}, {@code failed_message}).
 *
 * @param code    machine-readable reason ({@code GENERATION_FAILED}, {@code TIMEOUT} ...)
 * @param message what happened and what to do, for people
 */
public record Failure(String code, String message) {
}

package io.a2ebatch.simulator;

import java.time.Instant;

/**
 * One entry of the simulator's bounded recent-request log ({@link A2eSimulator#requestLog()},
 * {@code GET /__a2e/requests}). Requests to the inspection API itself are not logged.
 *
 * @param time      when the request arrived, with millisecond precision or better
 * @param method    upper-case HTTP method
 * @param path      request path without the query
 * @param operation what the request asked for
 * @param family    the task family's path segment, or {@code null}
 * @param status    HTTP status sent, or 0 for a dropped connection
 * @param account   the masked bearer token ({@code sk_test_…ab12}), or {@code null} when none was sent
 */
public record LoggedRequest(Instant time, String method, String path, SimulatorOperation operation, String family,
                            int status, String account) {
}

package io.a2ebatch.simulator.internal.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine's answer, independent of the server that sends it.
 *
 * @param status      HTTP status (0 when the connection is dropped)
 * @param headers     response headers
 * @param body        response body
 * @param fault       drop the connection instead of answering
 * @param delayMillis wait this long before answering (or dropping)
 * @param outcome     the status as the provider means it: {@code status}, or the body's code of a provider
 *                    that answers HTTP 200 with the real status in the body (what the stats count)
 */
public record ApiResponse(int status, Map<String, List<String>> headers, byte[] body, boolean fault, long delayMillis,
                          int outcome) {

    private static final byte[] NONE = new byte[0];

    /** A JSON response. */
    public static ApiResponse json(int status, byte[] body) {
        return new ApiResponse(status, Map.of("Content-Type", List.of("application/json; charset=utf-8")), body, false, 0, status);
    }

    /** A file. */
    public static ApiResponse file(String contentType, byte[] body) {
        return new ApiResponse(200, Map.of("Content-Type", List.of(contentType),
                "Cache-Control", List.of("public, max-age=31536000, immutable")), body, false, 0, 200);
    }

    /** The connection is closed without a response. */
    public static ApiResponse dropped() {
        return new ApiResponse(0, Map.of(), NONE, true, 0, 0);
    }

    /** This response with one more header. */
    public ApiResponse withHeader(String name, String value) {
        Map<String, List<String>> more = new LinkedHashMap<>(headers);
        more.put(name, List.of(value));
        return new ApiResponse(status, more, body, fault, delayMillis, outcome);
    }

    /** This response after a delay. */
    public ApiResponse withDelay(long millis) {
        return millis == delayMillis ? this : new ApiResponse(status, headers, body, fault, millis, outcome);
    }

    /** This response, meaning {@code code} whatever its HTTP status. */
    public ApiResponse withOutcome(int code) {
        return new ApiResponse(status, headers, body, fault, delayMillis, code);
    }
}

package io.a2ebatch.simulator.internal.http;

import tools.jackson.databind.JsonNode;

/**
 * How a provider wraps its answers: where the status goes (the HTTP status line, or a {@code code} in
 * the body of an HTTP 200) and the shape of a success and of an error. The stages produce
 * {@code data} or an {@link ApiError}; the envelope of the route's provider writes them.
 */
public interface Envelope {

    /** A success carrying {@code data}. */
    ApiResponse success(JsonNode data, String traceId);

    /** The answer for {@code error}, its headers ({@code Retry-After}, {@code Allow}) included. */
    ApiResponse error(ApiError error, long nowMillis, String traceId);

    /**
     * A2E's: the real HTTP status; {@code {"code":0,"data":...,"trace_id":...}} for a success, the
     * spec's {@code ErrorResponse} plus {@code trace_id} (and {@code violations}) for an error.
     */
    Envelope A2E = new Envelope() {

        @Override
        public ApiResponse success(JsonNode data, String traceId) {
            return ApiResponse.json(200, Json.success(data, traceId));
        }

        @Override
        public ApiResponse error(ApiError e, long nowMillis, String traceId) {
            return withHeaders(ApiResponse.json(e.status(), Json.error(e.code(), e.getMessage(), e.violations(),
                    nowMillis, traceId)), e);
        }
    };

    /** {@code response} with {@code error}'s headers. */
    static ApiResponse withHeaders(ApiResponse response, ApiError error) {
        ApiResponse out = response;
        for (var header : error.headers().entrySet()) {
            out = out.withHeader(header.getKey(), header.getValue());
        }
        return out;
    }
}

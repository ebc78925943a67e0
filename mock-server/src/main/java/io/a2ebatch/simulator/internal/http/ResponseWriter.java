package io.a2ebatch.simulator.internal.http;

import io.a2ebatch.spec.family.Envelope;
import io.a2ebatch.spec.family.ErrorTable;
import io.a2ebatch.spec.family.Provider;
import io.a2ebatch.spec.family.ProviderDescriptors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes answers in a provider's envelope ({@link Envelope} of its descriptor): where the status goes
 * (the HTTP status line, or the body's code of an HTTP 200) and which code the provider uses for a
 * failure HTTP would give another status ({@link ErrorTable#answer}). The stages produce {@code data}
 * or an {@link ApiError}; the writer of the route's provider turns them into bytes.
 */
public interface ResponseWriter {

    /** A success carrying {@code data}. */
    ApiResponse success(JsonNode data, String traceId);

    /** The answer for {@code error}, its headers ({@code Retry-After}, {@code Allow}) included. */
    ApiResponse error(ApiError error, long nowMillis, String traceId);

    /** The writer for {@code provider}'s envelope. */
    static ResponseWriter of(Provider provider) {
        Envelope envelope = provider.envelope();
        return envelope.statusInBody() ? new StatusInBody(envelope, provider.errors(), successCode(envelope))
                : new StatusInLine(envelope, provider.errors(), successCode(envelope));
    }

    /** A2E's writer; also for what belongs to no provider (result files). */
    ResponseWriter A2E = of(ProviderDescriptors.provider(ProviderDescriptors.A2E));

    /**
     * The HTTP status is the status (A2E): a success is {@code {"code":0,"data":...,"trace_id":...}}; an
     * error the spec's {@code ErrorResponse} ({@code success}, {@code code}, {@code error},
     * {@code timestamp}, {@code trace_id}, and {@code violations} when a request broke the schema).
     *
     * @param successCode the code a success carries, worked out once ({@link #of})
     */
    record StatusInLine(Envelope envelope, ErrorTable errors, String successCode) implements ResponseWriter {

        @Override
        public ApiResponse success(JsonNode data, String traceId) {
            ObjectNode root = Json.MAPPER.createObjectNode();
            Json.putCode(root, envelope.codeField(), successCode);
            root.set(envelope.dataField(), data);
            if (!envelope.traceIdField().isEmpty()) {
                root.put(envelope.traceIdField(), traceId);
            }
            return ApiResponse.json(200, Json.bytes(root));
        }

        @Override
        public ApiResponse error(ApiError e, long nowMillis, String traceId) {
            return withHeaders(ApiResponse.json(errors.answer(e.status()),
                    Json.error(e.code(), e.getMessage(), e.violations(), nowMillis, traceId)), e);
        }
    }

    /**
     * Every answer is HTTP 200 and the status is the body's code (kie.ai): {@code {"code":200,"msg":"success",
     * "data":...}}, or {@code {"code":422,"msg":"<what is wrong>","data":null}}.
     *
     * @param successCode the code a success carries, worked out once ({@link #of})
     */
    record StatusInBody(Envelope envelope, ErrorTable errors, String successCode) implements ResponseWriter {

        @Override
        public ApiResponse success(JsonNode data, String traceId) {
            return ApiResponse.json(200, body(successCode, "success", data));
        }

        @Override
        public ApiResponse error(ApiError e, long nowMillis, String traceId) {
            int code = errors.answer(e.status());
            return withHeaders(ApiResponse.json(200, body(String.valueOf(code), e.getMessage(), null)), e)
                    .withOutcome(code);
        }

        private byte[] body(String code, String message, JsonNode data) {
            ObjectNode root = Json.MAPPER.createObjectNode();
            Json.putCode(root, envelope.codeField(), code);
            if (!envelope.messageFields().isEmpty()) {
                root.put(envelope.messageFields().get(0), message);
            }
            if (data == null) {
                root.putNull(envelope.dataField());
            } else {
                root.set(envelope.dataField(), data);
            }
            return Json.bytes(root);
        }
    }

    /** The code a success carries: the lowest of the provider's success codes. */
    private static String successCode(Envelope envelope) {
        return envelope.successCodes().stream().sorted().findFirst().orElse("0");
    }


    /** {@code response} with {@code error}'s headers. */
    private static ApiResponse withHeaders(ApiResponse response, ApiError error) {
        ApiResponse out = response;
        for (var header : error.headers().entrySet()) {
            out = out.withHeader(header.getKey(), header.getValue());
        }
        return out;
    }
}

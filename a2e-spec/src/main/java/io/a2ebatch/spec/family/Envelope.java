package io.a2ebatch.spec.family;

import java.util.List;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * Where a provider's answers keep their status, message and payload, and which codes mean success.
 * <ul>
 *   <li>A2E ({@code statusInBody = false}): the HTTP status is the status; a 2xx answer is a success
 *       when its {@code code} is absent or {@code 0}, and any other {@code code} in a 2xx answer is a
 *       refusal ({@link ErrorKind#REJECTED}).</li>
 *   <li>kie.ai ({@code statusInBody = true}): every answer is HTTP 200 and the real status is the
 *       body's integer {@code code} ({@code 200} success); an answer without one cannot be read.</li>
 * </ul>
 * In both cases a non-2xx HTTP status (a gateway's 502, a proxy's 429) is looked up in the
 * provider's {@link ErrorTable} as it is.
 *
 * @param codeField     the body's status or error code ({@code code})
 * @param successCodes  body codes that mean success ({@code 0}; {@code 200})
 * @param statusInBody  whether a 2xx answer's body code is the real status, looked up in the error table
 * @param messageFields fields holding the error message, first non-blank wins
 * @param dataField     the payload ({@code data})
 * @param traceIdField  the provider's request id for support, or empty if it has none
 */
public record Envelope(String codeField, Set<String> successCodes, boolean statusInBody, List<String> messageFields,
                       String dataField, String traceIdField) {

    public Envelope {
        successCodes = Set.copyOf(successCodes);
        messageFields = List.copyOf(messageFields);
    }

    /**
     * Reads one answer.
     *
     * @param httpStatus the HTTP status
     * @param body       the parsed body, or {@code null} when it was empty or not JSON
     * @param errors     the provider's error table
     */
    public Answer read(int httpStatus, JsonNode body, ErrorTable errors) {
        JsonNode json = body != null && body.isObject() ? body : null;
        String code = json == null ? "" : text(json.get(codeField));
        String traceId = json == null || traceIdField.isEmpty() ? "" : text(json.get(traceIdField));
        String message = json == null ? "" : message(json);
        if (httpStatus < 200 || httpStatus >= 300) {
            return new Answer(httpStatus, errors.decide(httpStatus), code, message, traceId, null);
        }
        if (json == null) {
            return new Answer(httpStatus, ErrorKind.UNEXPECTED_RESPONSE, "", "the response body is not a JSON object",
                    traceId, null);
        }
        JsonNode data = json.path(dataField);
        if (statusInBody) {
            JsonNode codeNode = json.get(codeField);
            if (codeNode == null || !codeNode.canConvertToInt() || !codeNode.isIntegralNumber()) {
                return new Answer(httpStatus, ErrorKind.UNEXPECTED_RESPONSE, code,
                        "the response has no integer '" + codeField + "', which carries the status", traceId, null);
            }
            if (successCodes.contains(code)) {
                return new Answer(codeNode.asInt(), null, code, message, traceId, data);
            }
            return new Answer(codeNode.asInt(), errors.decide(codeNode.asInt()), code, message, traceId, null);
        }
        if (code.isEmpty() || successCodes.contains(code)) {
            return new Answer(httpStatus, null, code, message, traceId, data);
        }
        return new Answer(httpStatus, ErrorKind.REJECTED, code, message, traceId, null);
    }

    private String message(JsonNode json) {
        for (String field : messageFields) {
            String text = text(json.get(field));
            if (!text.isBlank()) {
                return text;
            }
        }
        return "";
    }

    private static String text(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "";
        }
        return node.isString() ? node.stringValue() : node.toString();
    }

    /**
     * One answer, read.
     *
     * @param status  the effective status: the HTTP status, or the body's code where the envelope says so
     * @param error   the decision for a failure, {@code null} on success
     * @param apiCode the body's code as text, empty if none
     * @param message the body's message, empty if none
     * @param traceId the provider's request id, empty if none
     * @param data    the payload of a success ({@code MissingNode} if the body has none), {@code null} on failure
     */
    public record Answer(int status, ErrorKind error, String apiCode, String message, String traceId, JsonNode data) {

        /** Whether the answer is a success. */
        public boolean ok() {
            return error == null;
        }
    }
}

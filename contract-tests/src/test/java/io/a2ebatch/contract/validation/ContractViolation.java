package io.a2ebatch.contract.validation;

import io.a2ebatch.contract.capture.Interaction;

/**
 * One way an exchange breaks the A2E contract: which operation, which side, which rule, which field.
 *
 * @param operation   the spec operation ({@code POST /api/v1/klingVideo/start}), or the request's method
 *                    and path when the spec has no such operation
 * @param side        {@code request} or {@code response}
 * @param rule        the rule's key: swagger-request-validator's ({@code validation.request.body.schema.type})
 *                    or this suite's ({@code a2e.record.current_status})
 * @param field       the offending field as a dotted path ({@code data.current_status}, {@code image_urls[1]}),
 *                    a header or parameter name, or empty when the rule concerns the whole message
 * @param message     what is wrong
 * @param warning     whether the rule only warns (reported, never failing)
 * @param interaction the exchange, for where and when
 */
public record ContractViolation(String operation, String side, String rule, String field, String message,
                                boolean warning, Interaction interaction) {

    /**
     * {@code POST /api/v1/klingVideo/start: request field "duration" breaks validation.request.body.schema.type:
     * Instance type (integer) ... [POST /api/v1/klingVideo/start -> 200, seen by the simulator]}. Header
     * values are never shown: a captured {@code Authorization} header carries the token.
     */
    public String describe() {
        return operation + ": " + side + (field.isEmpty() ? "" : " field \"" + field + "\"") + " breaks " + rule
                + ": " + message + " [" + interaction + "]";
    }

    @Override
    public String toString() {
        return describe();
    }
}

package io.a2ebatch.spec.schema;

import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * A compiled JSON schema, covering the subset of OpenAPI 3.0 schema keywords the A2E request bodies
 * use: {@code type}, {@code enum}, {@code minimum}/{@code maximum}, {@code minLength}/{@code maxLength},
 * {@code pattern}, {@code format: uri}, {@code items}, {@code minItems}/{@code maxItems},
 * {@code properties} and {@code required}. Compiled once; validation allocates only for violations.
 */
public sealed interface Schema
        permits StringSchema, NumberSchema, BooleanSchema, ArraySchema, ObjectSchema, AnySchema {

    /**
     * Adds every violation of this schema by {@code value} to {@code out}.
     *
     * @param field dotted path of {@code value}, used in violations
     */
    void validate(JsonNode value, String field, List<Violation> out);

    /** The schema type as the spec names it ({@code integer}, {@code array} ...), for messages. */
    String typeName();

    /** Child path for a property of the value at {@code field}. */
    static String child(String field, String property) {
        return field.isEmpty() ? property : field + "." + property;
    }

    /** Quotes a value for a message. */
    static String show(JsonNode value) {
        String text = value.toString();
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }
}

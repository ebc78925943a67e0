package io.a2ebatch.spec.schema;

import java.util.List;

import tools.jackson.databind.JsonNode;

/** A schema without a type: accepts any value. */
public record AnySchema() implements Schema {

    @Override
    public void validate(JsonNode value, String field, List<Violation> out) {
        // Any value is valid.
    }

    @Override
    public String typeName() {
        return "any";
    }
}

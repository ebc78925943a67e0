package io.a2ebatch.spec.schema;

import java.util.List;

import tools.jackson.databind.JsonNode;

/** {@code type: boolean}. */
public record BooleanSchema() implements Schema {

    @Override
    public void validate(JsonNode value, String field, List<Violation> out) {
        if (!value.isBoolean()) {
            out.add(new Violation(field, Violation.Rule.TYPE,
                    "expected a boolean (true or false), got " + Schema.show(value)));
        }
    }

    @Override
    public String typeName() {
        return "boolean";
    }
}

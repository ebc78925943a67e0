package io.a2ebatch.spec.schema;

import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * {@code type: array}.
 *
 * @param items    schema of every element
 * @param minItems minimum number of elements, or {@code null}
 * @param maxItems maximum number of elements, or {@code null}
 */
public record ArraySchema(Schema items, Integer minItems, Integer maxItems) implements Schema {

    @Override
    public void validate(JsonNode value, String field, List<Violation> out) {
        if (!value.isArray()) {
            out.add(new Violation(field, Violation.Rule.TYPE, "expected an array, got " + Schema.show(value)));
            return;
        }
        if (minItems != null && value.size() < minItems) {
            out.add(new Violation(field, Violation.Rule.MIN_ITEMS,
                    "needs at least " + minItems + " item(s), got " + value.size()));
        }
        if (maxItems != null && value.size() > maxItems) {
            out.add(new Violation(field, Violation.Rule.MAX_ITEMS,
                    "allows at most " + maxItems + " item(s), got " + value.size()));
        }
        for (int i = 0; i < value.size(); i++) {
            items.validate(value.get(i), field + "[" + i + "]", out);
        }
    }

    @Override
    public String typeName() {
        return "array";
    }
}

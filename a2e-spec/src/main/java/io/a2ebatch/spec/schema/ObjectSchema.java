package io.a2ebatch.spec.schema;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * {@code type: object}. Properties the schema does not declare are accepted, as OpenAPI 3.0 does
 * without {@code additionalProperties: false} (none of the A2E request schemas sets it).
 *
 * @param properties declared properties in spec order
 * @param required   names that must be present
 */
public record ObjectSchema(Map<String, Schema> properties, Set<String> required) implements Schema {

    public ObjectSchema {
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        required = Collections.unmodifiableSet(new LinkedHashSet<>(required));
    }

    /** The empty schema of an operation whose body the spec leaves undescribed. */
    public static ObjectSchema undescribed() {
        return new ObjectSchema(Map.of(), Set.of());
    }

    /** Validates {@code value} and returns its violations (empty when valid). */
    public List<Violation> validate(JsonNode value) {
        List<Violation> out = new ArrayList<>(0);
        validate(value, "", out);
        return out;
    }

    @Override
    public void validate(JsonNode value, String field, List<Violation> out) {
        if (!value.isObject()) {
            out.add(new Violation(field, Violation.Rule.TYPE, "expected an object, got " + Schema.show(value)));
            return;
        }
        for (String name : required) {
            JsonNode v = value.get(name);
            if (v == null || v.isNull()) {
                out.add(new Violation(Schema.child(field, name), Violation.Rule.REQUIRED,
                        "is required" + (field.isEmpty() ? "" : " in " + field)));
            }
        }
        for (var entry : value.properties()) {
            Schema schema = properties.get(entry.getKey());
            if (schema != null && !entry.getValue().isNull()) {
                schema.validate(entry.getValue(), Schema.child(field, entry.getKey()), out);
            }
        }
    }

    @Override
    public String typeName() {
        return "object";
    }
}

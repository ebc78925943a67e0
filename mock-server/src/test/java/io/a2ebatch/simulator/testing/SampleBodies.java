package io.a2ebatch.simulator.testing;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;

import io.a2ebatch.spec.family.TaskFamily;
import io.a2ebatch.spec.schema.AnySchema;
import io.a2ebatch.spec.schema.ArraySchema;
import io.a2ebatch.spec.schema.BooleanSchema;
import io.a2ebatch.spec.schema.NumberSchema;
import io.a2ebatch.spec.schema.ObjectSchema;
import io.a2ebatch.spec.schema.Schema;
import io.a2ebatch.spec.schema.StringSchema;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Builds a valid start body for any family from its request schema: the required fields, plus a name. */
public final class SampleBodies {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SampleBodies() {
    }

    /** A body that satisfies the family's request schema, named {@code name}. */
    public static ObjectNode valid(TaskFamily family, String name) {
        ObjectNode body = object(family.requestSchema());
        body.put("name", name);
        return body;
    }

    /** {@link #valid} as JSON text. */
    public static String validJson(TaskFamily family, String name) {
        return JSON.writeValueAsString(valid(family, name));
    }

    /** A JSON text with {@code name} and the required fields of the family, one of them overridden. */
    public static String validJsonWith(TaskFamily family, String name, Map<String, Object> overrides) {
        ObjectNode body = valid(family, name);
        overrides.forEach((k, v) -> body.set(k, JSON.valueToTree(v)));
        return JSON.writeValueAsString(body);
    }

    private static ObjectNode object(ObjectSchema schema) {
        ObjectNode node = NODES.objectNode();
        for (String field : schema.required()) {
            Schema s = schema.properties().get(field);
            node.set(field, s == null ? NODES.stringNode("sample") : value(field, s));
        }
        return node;
    }

    private static JsonNode value(String field, Schema schema) {
        if (schema instanceof StringSchema s) {
            return NODES.stringNode(string(field, s));
        }
        if (schema instanceof NumberSchema n) {
            BigDecimal v = n.minimum() != null ? n.minimum()
                    : n.maximum() != null && n.maximum().compareTo(BigDecimal.ONE) < 0 ? n.maximum() : BigDecimal.ONE;
            return n.integer() ? NODES.numberNode(v.longValue()) : NODES.numberNode(v);
        }
        if (schema instanceof BooleanSchema) {
            return NODES.booleanNode(false);
        }
        if (schema instanceof ArraySchema a) {
            ArrayNode array = NODES.arrayNode();
            int n = a.minItems() == null ? 1 : Math.max(1, a.minItems());
            for (int i = 0; i < n; i++) {
                array.add(value(field, a.items()));
            }
            return array;
        }
        if (schema instanceof ObjectSchema o) {
            return object(o);
        }
        if (schema instanceof AnySchema) {
            return NODES.stringNode("sample");
        }
        throw new IllegalArgumentException("No sample for " + schema);
    }

    private static String string(String field, StringSchema s) {
        if (!s.enumValues().isEmpty()) {
            return s.enumValues().get(0);
        }
        boolean url = "uri".equals(s.format()) || s.pattern() != null || field.toLowerCase(Locale.ROOT).contains("url");
        String v = url ? "https://example.com/sample.png" : "sample text";
        if (s.minLength() != null) {
            v = v + "x".repeat(Math.max(0, s.minLength() - v.length()));
        }
        if (s.maxLength() != null && v.length() > s.maxLength()) {
            v = v.substring(0, s.maxLength());
        }
        return v;
    }
}

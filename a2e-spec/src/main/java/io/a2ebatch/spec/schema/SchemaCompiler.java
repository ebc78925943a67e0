package io.a2ebatch.spec.schema;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.a2ebatch.spec.ApiSpec;
import tools.jackson.databind.JsonNode;

/**
 * Compiles the JSON schemas of an {@link ApiSpec} into {@link Schema} trees, resolving local
 * {@code $ref}s. Keywords outside the supported subset are ignored rather than guessed at.
 */
public final class SchemaCompiler {

    private final ApiSpec spec;

    public SchemaCompiler(ApiSpec spec) {
        this.spec = spec;
    }

    /** Compiles a schema node; a schema without a usable type compiles to {@link AnySchema}. */
    public Schema compile(JsonNode node) {
        JsonNode schema = spec.resolve(node);
        String type = schema.path("type").asString("");
        if (type.isEmpty() && schema.has("properties")) {
            type = "object";
        }
        return switch (type) {
            case "string" -> new StringSchema(enumValues(schema), intOrNull(schema, "minLength"),
                    intOrNull(schema, "maxLength"), pattern(schema), schema.path("format").asString(null));
            case "integer" -> new NumberSchema(true, decimalOrNull(schema, "minimum"), decimalOrNull(schema, "maximum"));
            case "number" -> new NumberSchema(false, decimalOrNull(schema, "minimum"), decimalOrNull(schema, "maximum"));
            case "boolean" -> new BooleanSchema();
            case "array" -> new ArraySchema(schema.has("items") ? compile(schema.get("items")) : new AnySchema(),
                    intOrNull(schema, "minItems"), intOrNull(schema, "maxItems"));
            case "object" -> compileObject(schema);
            default -> new AnySchema();
        };
    }

    /** Compiles an object schema; a non-object schema compiles to an undescribed object. */
    public ObjectSchema compileObject(JsonNode node) {
        JsonNode schema = spec.resolve(node);
        Map<String, Schema> properties = new LinkedHashMap<>();
        for (var property : schema.path("properties").properties()) {
            properties.put(property.getKey(), compile(property.getValue()));
        }
        Set<String> required = new LinkedHashSet<>();
        for (JsonNode name : schema.path("required")) {
            required.add(name.asString());
        }
        return new ObjectSchema(properties, required);
    }

    private static List<String> enumValues(JsonNode schema) {
        List<String> values = new ArrayList<>();
        for (JsonNode v : schema.path("enum")) {
            values.add(v.asString());
        }
        return values;
    }

    private static Integer intOrNull(JsonNode schema, String keyword) {
        JsonNode v = schema.get(keyword);
        return v != null && v.isNumber() ? v.intValue() : null;
    }

    private static BigDecimal decimalOrNull(JsonNode schema, String keyword) {
        JsonNode v = schema.get(keyword);
        return v != null && v.isNumber() ? v.decimalValue() : null;
    }

    private static Pattern pattern(JsonNode schema) {
        String regex = schema.path("pattern").asString(null);
        if (regex == null) {
            return null;
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalStateException("The spec declares an invalid pattern " + regex, e);
        }
    }
}

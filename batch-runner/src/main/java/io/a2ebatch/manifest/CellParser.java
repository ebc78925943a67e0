package io.a2ebatch.manifest;

import java.math.BigDecimal;
import java.math.BigInteger;

import io.a2ebatch.spec.SpecJson;
import io.a2ebatch.spec.schema.ArraySchema;
import io.a2ebatch.spec.schema.BooleanSchema;
import io.a2ebatch.spec.schema.NumberSchema;
import io.a2ebatch.spec.schema.Schema;
import io.a2ebatch.spec.schema.StringSchema;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.BigIntegerNode;
import tools.jackson.databind.node.BooleanNode;
import tools.jackson.databind.node.DecimalNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.LongNode;
import tools.jackson.databind.node.StringNode;

/**
 * Turns one non-empty cell into the JSON value its schema declares, without regular expressions and
 * without throwing for bad input: every parser returns {@code null} when the cell is not of its type,
 * and the caller words the problem. Numbers and booleans may have spaces around them; strings are kept
 * exactly as written.
 */
final class CellParser {

    /** Separates the items of an array of scalars written without JSON: {@code a.jpg|b.jpg}. */
    static final char LIST_SEPARATOR = '|';

    static final String BOOLEAN_WORDS = "true or false (also yes/no, 1/0)";

    private static final int MAX_LONG_DIGITS = 18;

    private CellParser() {
    }

    /** A whole number such as {@code 5}, {@code -3} or {@code +12}; not {@code 5.0}, not {@code 1e3}. */
    static JsonNode integer(String cell) {
        String s = cell.strip();
        int n = s.length();
        int start = n > 0 && (s.charAt(0) == '-' || s.charAt(0) == '+') ? 1 : 0;
        if (start == n) {
            return null;
        }
        for (int i = start; i < n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        if (n - start > MAX_LONG_DIGITS) {
            return BigIntegerNode.valueOf(new BigInteger(s));
        }
        long value = 0;
        for (int i = start; i < n; i++) {
            value = value * 10 + (s.charAt(i) - '0');
        }
        if (s.charAt(0) == '-') {
            value = -value;
        }
        return value == (int) value ? IntNode.valueOf((int) value) : LongNode.valueOf(value);
    }

    /** A JSON number: {@code 5}, {@code -0.25}, {@code 1.5e3}; a leading {@code +} is allowed. */
    static JsonNode number(String cell) {
        String s = cell.strip();
        int n = s.length();
        int i = n > 0 && (s.charAt(0) == '-' || s.charAt(0) == '+') ? 1 : 0;
        int digits = skipDigits(s, i);
        if (digits == i) {
            return null;
        }
        i = digits;
        boolean whole = true;
        if (i < n && s.charAt(i) == '.') {
            int fraction = skipDigits(s, i + 1);
            if (fraction == i + 1) {
                return null;
            }
            i = fraction;
            whole = false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
                i++;
            }
            int exponent = skipDigits(s, i);
            if (exponent == i) {
                return null;
            }
            i = exponent;
            whole = false;
        }
        if (i != n) {
            return null;
        }
        return whole ? integer(s) : DecimalNode.valueOf(new BigDecimal(s));
    }

    /** {@code true}/{@code false}, {@code yes}/{@code no} or {@code 1}/{@code 0}, in any case. */
    static JsonNode bool(String cell) {
        String s = cell.strip();
        switch (s.length()) {
            case 1 -> {
                return s.charAt(0) == '1' ? BooleanNode.TRUE : s.charAt(0) == '0' ? BooleanNode.FALSE : null;
            }
            case 2 -> {
                return s.equalsIgnoreCase("no") ? BooleanNode.FALSE : null;
            }
            case 3 -> {
                return s.equalsIgnoreCase("yes") ? BooleanNode.TRUE : null;
            }
            case 4 -> {
                return s.equalsIgnoreCase("true") ? BooleanNode.TRUE : null;
            }
            case 5 -> {
                return s.equalsIgnoreCase("false") ? BooleanNode.FALSE : null;
            }
            default -> {
                return null;
            }
        }
    }

    /** Whether array items of this schema can be written as a {@code |}-separated list. */
    static boolean isScalar(Schema items) {
        return items instanceof StringSchema || items instanceof NumberSchema || items instanceof BooleanSchema;
    }

    /**
     * A JSON array ({@code ["a","b"]}) or, for arrays of scalars, a {@code |}-separated list whose items
     * are trimmed and converted by the item schema.
     *
     * @param problem receives the reason when the cell is not an array
     */
    static ArrayNode array(String cell, ArraySchema schema, StringBuilder problem) {
        String s = cell.strip();
        if (s.startsWith("[")) {
            JsonNode node = json(s, problem);
            if (node == null) {
                return null;
            }
            if (!node.isArray()) {
                problem.append("expected a JSON array, got ").append(Schema.show(node));
                return null;
            }
            return (ArrayNode) node;
        }
        if (!isScalar(schema.items())) {
            problem.append("expected a JSON array of ").append(schema.items().typeName())
                    .append("s such as [{...}], got ").append(show(cell));
            return null;
        }
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        int from = 0;
        int item = 1;
        while (true) {
            int to = s.indexOf(LIST_SEPARATOR, from);
            String part = (to < 0 ? s.substring(from) : s.substring(from, to)).strip();
            JsonNode value = part.isEmpty() ? null : scalar(part, schema.items());
            if (value == null) {
                problem.append("item ").append(item).append(part.isEmpty() ? " is empty"
                        : ": expected " + article(schema.items()) + ", got " + show(part));
                return null;
            }
            array.add(value);
            if (to < 0) {
                return array;
            }
            from = to + 1;
            item++;
        }
    }

    /** A JSON object such as {@code {"x":1,"y":2}}. */
    static JsonNode object(String cell, StringBuilder problem) {
        String s = cell.strip();
        if (!s.startsWith("{")) {
            problem.append("expected a JSON object such as {\"x\": 1}, got ").append(show(cell));
            return null;
        }
        return json(s, problem);
    }

    /** "an integer", "a boolean (true or false ...)" ... for messages. */
    static String article(Schema schema) {
        if (schema instanceof BooleanSchema) {
            return "a boolean: " + BOOLEAN_WORDS;
        }
        String type = schema.typeName();
        return (type.startsWith("a") || type.startsWith("i") || type.startsWith("o") ? "an " : "a ") + type;
    }

    /** A cell quoted for a message, JSON-escaped and shortened like the spec validator does. */
    static String show(String cell) {
        String text = StringNode.valueOf(cell).toString();
        if (text.length() <= 80) {
            return text;
        }
        int cut = Character.isHighSurrogate(text.charAt(76)) ? 76 : 77;
        return text.substring(0, cut) + "...";
    }

    private static JsonNode scalar(String s, Schema items) {
        if (items instanceof NumberSchema number) {
            return number.integer() ? integer(s) : number(s);
        }
        if (items instanceof BooleanSchema) {
            return bool(s);
        }
        return StringNode.valueOf(s);
    }

    private static JsonNode json(String s, StringBuilder problem) {
        try {
            return SpecJson.MAPPER.readTree(s);
        } catch (StreamConstraintsException e) {
            // Jackson's own words name its internals (StreamReadConstraints...); the user needs the limit.
            problem.append("is not usable JSON: ").append(constraintProblem(e.getOriginalMessage()));
            return null;
        } catch (JacksonException e) {
            String message = e.getOriginalMessage();
            int detail = message.indexOf(" (start marker at");
            if (detail > 0) {
                message = message.substring(0, detail);
            }
            if (message.startsWith("Trailing token")) {
                message = "more text after the end of the JSON value";
            }
            problem.append("is not valid JSON (");
            if (e.getLocation() != null && e.getLocation().getColumnNr() > 0) {
                problem.append("at character ").append(e.getLocation().getColumnNr()).append(": ");
            }
            problem.append(message).append(")");
            return null;
        }
    }

    /** A Jackson limit in plain words: nesting depth, number length or string length. */
    private static String constraintProblem(String message) {
        String m = message == null ? "" : message;
        if (m.contains("nesting depth")) {
            java.util.regex.Matcher limit = java.util.regex.Pattern.compile("maximum allowed \\((\\d+)").matcher(m);
            return "nested deeper than " + (limit.find() ? limit.group(1) : "the allowed") + " levels";
        }
        if (m.contains("Number value length") || m.contains("number")) {
            return "a number in it has too many digits";
        }
        if (m.contains("String value length") || m.contains("string")) {
            return "a text in it is too long";
        }
        return "too large to read";
    }

    private static int skipDigits(String s, int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i;
    }
}

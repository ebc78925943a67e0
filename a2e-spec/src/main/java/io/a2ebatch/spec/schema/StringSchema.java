package io.a2ebatch.spec.schema;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/**
 * {@code type: string} with its optional constraints.
 *
 * @param enumValues allowed values in spec order, or empty for any
 * @param minLength  minimum length, or {@code null}
 * @param maxLength  maximum length, or {@code null}
 * @param pattern    regular expression the value must contain a match of, or {@code null}
 * @param format     the declared format ({@code uri} is checked, others are informative), or {@code null}
 */
public record StringSchema(List<String> enumValues, Integer minLength, Integer maxLength, Pattern pattern,
                           String format) implements Schema {

    public StringSchema {
        enumValues = List.copyOf(enumValues);
    }

    @Override
    public void validate(JsonNode value, String field, List<Violation> out) {
        if (!value.isString()) {
            out.add(new Violation(field, Violation.Rule.TYPE, "expected a string, got " + Schema.show(value)));
            return;
        }
        String s = value.stringValue();
        if (!enumValues.isEmpty() && !enumValues.contains(s)) {
            out.add(new Violation(field, Violation.Rule.ENUM,
                    "\"" + s + "\" is not one of " + String.join(", ", enumValues)));
        }
        int length = s.codePointCount(0, s.length());
        if (minLength != null && length < minLength) {
            out.add(new Violation(field, Violation.Rule.MIN_LENGTH,
                    "must be at least " + minLength + " characters, got " + length));
        }
        if (maxLength != null && length > maxLength) {
            out.add(new Violation(field, Violation.Rule.MAX_LENGTH,
                    "must be at most " + maxLength + " characters, got " + length));
        }
        if (pattern != null && !pattern.matcher(s).find()) {
            out.add(new Violation(field, Violation.Rule.PATTERN,
                    "\"" + s + "\" does not match the pattern " + pattern.pattern()));
        }
        if ("uri".equals(format) && !isAbsoluteUri(s)) {
            out.add(new Violation(field, Violation.Rule.FORMAT,
                    "\"" + s + "\" is not an absolute URI (such as https://example.com/a.jpg)"));
        }
    }

    private static boolean isAbsoluteUri(String s) {
        try {
            return new URI(s).isAbsolute();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    @Override
    public String typeName() {
        return "string";
    }
}

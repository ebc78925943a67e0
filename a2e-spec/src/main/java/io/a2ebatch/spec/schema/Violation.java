package io.a2ebatch.spec.schema;

/**
 * One way a value breaks a request schema.
 *
 * @param field   dotted path of the offending field ({@code product_rect.x}, {@code image_urls[1]});
 *                empty for the body itself
 * @param rule    the schema keyword that failed
 * @param message what is wrong and what would be accepted, for people
 */
public record Violation(String field, Rule rule, String message) {

    /** The schema keyword a violation comes from. */
    public enum Rule {
        REQUIRED, TYPE, ENUM, MINIMUM, MAXIMUM, MIN_LENGTH, MAX_LENGTH, PATTERN, FORMAT,
        MIN_ITEMS, MAX_ITEMS, UNKNOWN_FIELD
    }

    @Override
    public String toString() {
        return (field.isEmpty() ? "body" : field) + ": " + message;
    }
}

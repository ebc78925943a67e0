package io.a2ebatch.config;

import org.springframework.validation.Errors;

/**
 * The checks of the configuration records ({@link SelfValidating}), recorded as field errors of Spring's
 * binding: a value out of range fails the start with the property, its value and the reason, as
 * {@code invalid configuration: a2e.throttle.burst = 0: must be greater than or equal to 1}. The messages
 * are Bean Validation's default ones, which the runner used to check these records with (Hibernate
 * Validator, some 600 classes loaded at every start for a dozen range checks; docs/startup.md).
 */
public final class Constraints {

    private final Errors errors;

    Constraints(Errors errors) {
        this.errors = errors;
    }

    /** {@code field} (a record component) must be set. */
    public void notNull(String field, Object value) {
        if (value == null) {
            reject(field, "NotNull", "must not be null");
        }
    }

    /** {@code field} must be set and hold more than blanks. */
    public void notBlank(String field, String value) {
        if (value == null || value.isBlank()) {
            reject(field, "NotBlank", "must not be blank");
        }
    }

    /** {@code field} must be at least {@code min}. */
    public void min(String field, long value, long min) {
        if (value < min) {
            reject(field, "Min", "must be greater than or equal to " + min);
        }
    }

    /** {@code field} must be at most {@code max}. */
    public void max(String field, long value, long max) {
        if (value > max) {
            reject(field, "Max", "must be less than or equal to " + max);
        }
    }

    /** {@code field}, when set, must be at least {@code min}, which the message quotes as written. */
    public void decimalMin(String field, Number value, String min) {
        if (value != null && value.doubleValue() < Double.parseDouble(min)) {
            reject(field, "DecimalMin", "must be greater than or equal to " + min);
        }
    }

    /** {@code field}, when set, must be at most {@code max}, which the message quotes as written. */
    public void decimalMax(String field, Number value, String max) {
        if (value != null && value.doubleValue() > Double.parseDouble(max)) {
            reject(field, "DecimalMax", "must be less than or equal to " + max);
        }
    }

    /**
     * A rule across fields, named by {@code property}: a boolean accessor of the record ({@code
     * heartbeatWellBelowTtl} for {@code isHeartbeatWellBelowTtl()}), which the message shows as false.
     */
    public void holds(String property, boolean holds, String message) {
        if (!holds) {
            reject(property, "AssertTrue", message);
        }
    }

    /**
     * The checks of a nested record, when it is set, with its fields under {@code path} ({@code retry},
     * {@code providers[kie]}).
     */
    public void nested(String path, SelfValidating value) {
        if (value == null) {
            return;
        }
        errors.pushNestedPath(path);
        try {
            value.check(this);
        } finally {
            errors.popNestedPath();
        }
    }

    private void reject(String field, String code, String message) {
        errors.rejectValue(field, code, message);
    }
}

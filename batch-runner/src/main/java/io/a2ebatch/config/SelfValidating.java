package io.a2ebatch.config;

import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * A configuration record that checks its own values. Spring Boot validates a constructor-bound
 * {@code @ConfigurationProperties} type that is a {@link Validator} with itself once it is bound, and a
 * failed check stops the start with a {@code BindValidationException} that names the property, its value
 * and the reason (the command line's {@code invalid configuration: ...} line). This replaces Bean
 * Validation annotations, whose provider cost start-up more than the checks are worth (docs/startup.md).
 */
public interface SelfValidating extends Validator {

    /** Records every value of this record that is out of bounds. */
    void check(Constraints constraints);

    @Override
    default boolean supports(Class<?> type) {
        return getClass().isAssignableFrom(type);
    }

    @Override
    default void validate(Object target, Errors errors) {
        ((SelfValidating) target).check(new Constraints(errors));
    }
}

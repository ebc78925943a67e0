package io.a2ebatch.config;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The reconcile with A2E on fresh state ({@code a2e.reconcile.*}).
 *
 * @param enabled {@code --no-reconcile} turns it off
 * @param since   {@code --reconcile-since}: how far back the list endpoints are read
 */
@Validated
@ConfigurationProperties("a2e.reconcile")
public record ReconcileProperties(boolean enabled, @NotNull Duration since) {
}

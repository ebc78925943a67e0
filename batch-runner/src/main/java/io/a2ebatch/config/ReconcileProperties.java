package io.a2ebatch.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The reconcile with A2E on fresh state ({@code a2e.reconcile.*}).
 *
 * @param enabled {@code --no-reconcile} turns it off
 * @param since   {@code --reconcile-since}: how far back the list endpoints are read
 */
@ConfigurationProperties("a2e.reconcile")
public record ReconcileProperties(boolean enabled, Duration since) implements SelfValidating {

    @Override
    public void check(Constraints c) {
        c.notNull("since", since);
    }
}

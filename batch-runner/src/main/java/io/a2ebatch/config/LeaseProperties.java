package io.a2ebatch.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The lease through which one process owns a run ({@code a2e.lease.*}).
 *
 * @param ttl           how long a lease lasts without a heartbeat; another process takes the run over
 *                      only after it expired
 * @param heartbeat     how often the owner renews it (at most a third of {@code ttl})
 * @param waitForOwner  {@code --wait-for-owner}: wait for another process's lease instead of exiting 2
 */
@ConfigurationProperties("a2e.lease")
public record LeaseProperties(Duration ttl, Duration heartbeat, boolean waitForOwner) implements SelfValidating {

    /** Whether the heartbeat leaves the lease two missed beats of slack; checked at start-up. */
    public boolean isHeartbeatWellBelowTtl() {
        return ttl == null || heartbeat == null
                || (!heartbeat.isNegative() && !heartbeat.isZero() && heartbeat.multipliedBy(3).compareTo(ttl) <= 0);
    }

    @Override
    public void check(Constraints c) {
        c.notNull("ttl", ttl);
        c.notNull("heartbeat", heartbeat);
        c.holds("heartbeatWellBelowTtl", isHeartbeatWellBelowTtl(),
                "a2e.lease.heartbeat must be positive and at most a third of a2e.lease.ttl");
    }
}

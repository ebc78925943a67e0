package io.a2ebatch.config;

import java.time.Duration;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The lease through which one process owns a run ({@code a2e.lease.*}).
 *
 * @param ttl           how long a lease lasts without a heartbeat; another process takes the run over
 *                      only after it expired
 * @param heartbeat     how often the owner renews it (at most a third of {@code ttl})
 * @param waitForOwner  {@code --wait-for-owner}: wait for another process's lease instead of exiting 2
 */
@Validated
@ConfigurationProperties("a2e.lease")
public record LeaseProperties(@NotNull Duration ttl, @NotNull Duration heartbeat, boolean waitForOwner) {

    @AssertTrue(message = "a2e.lease.heartbeat must be positive and at most a third of a2e.lease.ttl")
    public boolean isHeartbeatWellBelowTtl() {
        return ttl == null || heartbeat == null
                || (!heartbeat.isNegative() && !heartbeat.isZero() && heartbeat.multipliedBy(3).compareTo(ttl) <= 0);
    }
}

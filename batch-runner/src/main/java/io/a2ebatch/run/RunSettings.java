package io.a2ebatch.run;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The settings a run's guarantees rest on, by provider id: the rate limit (requests a second) and the
 * in-flight cap of each provider, its API base URL, and how often tasks in flight are polled. A run
 * alone uses its own process's; every partition of a fleet's run uses its manager's, whatever the
 * worker's own options say (README, "Running a fleet").
 *
 * @param rateLimits   requests a second by provider id
 * @param maxInFlight  tasks in flight at most by provider id (for a fleet: all its workers together)
 * @param pollInterval how often tasks in flight are polled
 * @param baseUrls     API base URL by provider id
 */
public record RunSettings(Map<String, Double> rateLimits, Map<String, Integer> maxInFlight, Duration pollInterval,
                          Map<String, URI> baseUrls) {

    public RunSettings {
        rateLimits = Map.copyOf(rateLimits);
        maxInFlight = Map.copyOf(maxInFlight);
        Objects.requireNonNull(pollInterval, "pollInterval");
        baseUrls = Map.copyOf(baseUrls);
    }

    /** The in-flight cap of a provider's tasks. */
    public int maxInFlight(String provider) {
        Integer cap = maxInFlight.get(provider);
        if (cap == null) {
            throw new IllegalArgumentException("no in-flight cap for the provider " + provider);
        }
        return cap;
    }
}

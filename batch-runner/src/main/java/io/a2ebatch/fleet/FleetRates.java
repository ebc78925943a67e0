package io.a2ebatch.fleet;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This process's fleet permits by provider id ({@link SharedPermits}), so that a run's manager can set
 * the fleet's rates and each worker runs a partition at its manager's rates instead of its own options'.
 */
final class FleetRates {

    private final Map<String, SharedPermits> byProvider = new ConcurrentHashMap<>();

    void register(String provider, SharedPermits permits) {
        byProvider.put(provider, permits);
    }

    /** Runs every provider's requests at {@code rates} (by provider id) from now on. */
    void runBy(Map<String, Double> rates) {
        rates.forEach((provider, rate) -> {
            SharedPermits permits = byProvider.get(provider);
            if (permits != null) {
                permits.runBy(rate);
            }
        });
    }
}

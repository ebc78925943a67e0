package io.a2ebatch.throttle;

import java.util.Map;

import io.a2ebatch.spec.family.Provider;

/**
 * The in-flight cap of each provider: tasks of one provider never take the places of another's.
 * A provider without a cap of its own shares the default one.
 */
public final class InFlightLimits {

    private final InFlightLimiter shared;
    private final Map<String, InFlightLimiter> byProvider;

    /**
     * @param shared     the cap of providers without one of their own
     * @param byProvider caps by provider id
     */
    public InFlightLimits(InFlightLimiter shared, Map<String, InFlightLimiter> byProvider) {
        this.shared = shared;
        this.byProvider = Map.copyOf(byProvider);
    }

    /** The cap a provider's tasks count against. */
    public InFlightLimiter of(Provider provider) {
        return byProvider.getOrDefault(provider.id(), shared);
    }

    /** Tasks in flight now, every provider together. */
    public int inFlight() {
        return shared.inFlight() + byProvider.values().stream().mapToInt(InFlightLimiter::inFlight).sum();
    }
}

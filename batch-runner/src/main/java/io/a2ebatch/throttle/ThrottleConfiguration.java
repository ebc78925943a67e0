package io.a2ebatch.throttle;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import io.a2ebatch.config.ProviderProperties;
import io.a2ebatch.config.ThrottleProperties;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.Provider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The rate limiters (A2E's from {@code a2e.throttle.*}, each other provider's from
 * {@code a2e.providers.<id>.rate-limit}), shared by every request to their provider, and the backoff policy.
 */
@Configuration(proxyBeanMethods = false)
public class ThrottleConfiguration {

    @Bean
    RateLimiter rateLimiter(ThrottleProperties props) {
        return new RateLimiter(new RateLimiterConfig(props.rateLimit(), props.burst()), Ticker.SYSTEM);
    }

    @Bean
    Backoff backoff(ThrottleProperties props) {
        ThrottleProperties.Retry retry = props.retry();
        return new Backoff(retry.initial(), retry.multiplier(), retry.max(), retry.maxAttempts());
    }

    /**
     * Each provider's limiter in this process (A2E's {@code --rate-limit}, the others'
     * {@code a2e.providers.<id>.rate-limit}), each wrapped in the fleet's bucket of that provider when a
     * fleet shares its limits.
     */
    @Bean
    RequestGate requestGate(RateLimiter limiter, Backoff backoff, ThrottleProperties props,
                            ProviderProperties providers, ObjectProvider<PermitsDecorator> fleet) {
        PermitsDecorator shared = fleet.getIfAvailable();
        Provider first = FamilyCatalog.everyProvider().providers().get(0);
        Permits permits = shared == null ? limiter : shared.around(first, limiter);
        Map<String, Double> rates = rateLimits(props, providers);
        Map<String, Permits> others = new HashMap<>();
        for (Provider p : otherProviders()) {
            RateLimiter own = new RateLimiter(new RateLimiterConfig(rates.get(p.id()), props.burst()), Ticker.SYSTEM);
            others.put(p.id(), shared == null ? own : shared.around(p, own));
        }
        return new RequestGate(permits, others, backoff, Ticker.SYSTEM, new Random());
    }

    /**
     * Every provider's rate limit by id, in the catalogue's order: A2E's is {@code a2e.throttle.rate-limit},
     * the others' {@code a2e.providers.<id>.rate-limit}.
     */
    public static Map<String, Double> rateLimits(ThrottleProperties props, ProviderProperties providers) {
        return byProvider(props.rateLimit(), p -> providers.of(p.id()).rateLimitOrDefault());
    }

    /**
     * Every provider's in-flight cap by id, in the catalogue's order: A2E's is {@code a2e.throttle.max-in-flight},
     * the others' {@code a2e.providers.<id>.max-in-flight}.
     */
    public static Map<String, Integer> maxInFlight(ThrottleProperties props, ProviderProperties providers) {
        return byProvider(props.maxInFlight(), p -> providers.of(p.id()).maxInFlightOrDefault());
    }

    /** A setting by provider id, in the catalogue's order: A2E's {@code first}, each other's {@code other}. */
    private static <T> Map<String, T> byProvider(T first, Function<Provider, T> other) {
        Map<String, T> values = new LinkedHashMap<>();
        values.put(FamilyCatalog.everyProvider().providers().get(0).id(), first);
        for (Provider p : otherProviders()) {
            values.put(p.id(), other.apply(p));
        }
        return values;
    }

    /** In-flight limiters for one pass, from every provider's cap by id ({@link #maxInFlight}). */
    public static InFlightLimits inFlightLimits(Map<String, Integer> caps) {
        Map<String, InFlightLimiter> others = new HashMap<>();
        for (Provider p : otherProviders()) {
            others.put(p.id(), new InFlightLimiter(caps.get(p.id())));
        }
        return new InFlightLimits(new InFlightLimiter(caps.get(FamilyCatalog.everyProvider().providers().get(0).id())),
                others);
    }

    /** The providers after the first (A2E), whose settings are {@code a2e.providers.<id>.*}. */
    private static List<Provider> otherProviders() {
        List<Provider> all = FamilyCatalog.everyProvider().providers();
        return all.subList(1, all.size());
    }
}

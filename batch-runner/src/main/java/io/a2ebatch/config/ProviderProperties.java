package io.a2ebatch.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the providers other than A2E ({@code a2e.providers.<id>.*}, e.g.
 * {@code a2e.providers.kie.rate-limit}; options {@code --kie-base-url}, {@code --kie-token-file},
 * {@code --kie-rate-limit}, {@code --kie-max-in-flight}). A2E's own keep their historic keys
 * ({@code a2e.api.*}, {@code a2e.throttle.*}). Each provider has its own rate budget and in-flight
 * cap: a slow or saturated provider holds back only its own rows.
 *
 * @param providers settings by provider id; a provider without an entry gets the defaults
 */
@ConfigurationProperties("a2e")
public record ProviderProperties(Map<String, Settings> providers) implements SelfValidating {

    /** Requests per second to a provider whose rate limit is not set. */
    public static final double DEFAULT_RATE_LIMIT = 5;
    /** Tasks in flight at a provider whose cap is not set. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 50;

    public ProviderProperties {
        providers = providers == null ? Map.of() : Map.copyOf(providers);
    }

    @Override
    public void check(Constraints c) {
        providers.forEach((id, settings) -> c.nested("providers[" + id + "]", settings));
    }

    /** The option that sets {@code setting} ({@code token-file}) of provider {@code id}: {@code --kie-token-file}. */
    public static String option(String id, String setting) {
        return "--" + id + "-" + setting;
    }

    /** The property behind {@link #option}: {@code a2e.providers.kie.token-file}. */
    public static String property(String id, String setting) {
        return "a2e.providers." + id + "." + setting;
    }

    /** The settings of provider {@code id}, defaults where unset. */
    public Settings of(String id) {
        Settings s = providers.get(id);
        return s == null ? new Settings(null, null, null, null) : s;
    }

    /**
     * One provider's settings; {@code null} means "the default".
     *
     * @param baseUrl     base URL, else the descriptor's
     * @param tokenFile   file holding the token, else the descriptor's variables
     * @param rateLimit   requests per second, all kinds together, else {@value #DEFAULT_RATE_LIMIT}
     * @param maxInFlight tasks submitted and not yet finished, else {@value #DEFAULT_MAX_IN_FLIGHT}
     */
    public record Settings(URI baseUrl, Path tokenFile, Double rateLimit, Integer maxInFlight) implements SelfValidating {

        @Override
        public void check(Constraints c) {
            c.decimalMin("rateLimit", rateLimit, "0.001");
            if (maxInFlight != null) {
                c.min("maxInFlight", maxInFlight, 1);
                c.max("maxInFlight", maxInFlight, 100_000);
            }
        }

        public double rateLimitOrDefault() {
            return rateLimit == null ? DEFAULT_RATE_LIMIT : rateLimit;
        }

        public int maxInFlightOrDefault() {
            return maxInFlight == null ? DEFAULT_MAX_IN_FLIGHT : maxInFlight;
        }
    }
}

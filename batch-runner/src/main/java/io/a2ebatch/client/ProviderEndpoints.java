package io.a2ebatch.client;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.a2ebatch.spec.family.Provider;

/**
 * Where each provider's requests go and with which token. A provider's endpoint is worked out the
 * first time a request for it is made and kept: a manifest without kie.ai rows never needs a kie.ai
 * token. A token is only ever sent to its own provider's base URL.
 */
public final class ProviderEndpoints {

    private final Function<Provider, ApiEndpoint> resolver;
    private final Map<String, ApiEndpoint> resolved = new ConcurrentHashMap<>();

    /** @param resolver works out a provider's endpoint; may throw {@link TokenUnavailableException} */
    public ProviderEndpoints(Function<Provider, ApiEndpoint> resolver) {
        this.resolver = resolver;
    }

    /** One endpoint for every provider (the in-process simulator serves them all). */
    public static ProviderEndpoints same(URI baseUrl, ApiToken token) {
        ApiEndpoint endpoint = new ApiEndpoint(baseUrl, token);
        return new ProviderEndpoints(p -> endpoint);
    }

    /**
     * The endpoint of a provider.
     *
     * @throws TokenUnavailableException if it has no token (asked again on the next call)
     */
    public ApiEndpoint of(Provider provider) {
        return resolved.computeIfAbsent(provider.id(), id -> resolver.apply(provider));
    }

    /**
     * A base URL and the token that goes with it.
     *
     * @param baseUrl base URL, without a trailing slash
     * @param token   bearer token
     */
    public record ApiEndpoint(URI baseUrl, ApiToken token) {

        public ApiEndpoint {
            String base = baseUrl.toString();
            baseUrl = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        }
    }
}

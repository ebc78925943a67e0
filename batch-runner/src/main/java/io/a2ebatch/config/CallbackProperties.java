package io.a2ebatch.config;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Callbacks from providers that send them ({@code a2e.callbacks.*}).
 *
 * @param listen {@code --callback-listen HOST:PORT}: where the runner's callback receiver listens;
 *               empty: no receiver, no callbacks asked for
 * @param url    {@code --callback-url URL}: the public address of the receiver (a tunnel or an ingress),
 *               sent to the provider; empty: {@code http://HOST:PORT/callback} with the port bound
 */
@ConfigurationProperties("a2e.callbacks")
public record CallbackProperties(String listen, URI url) {

    /** Whether callbacks are on. */
    public boolean enabled() {
        return listen != null && !listen.isBlank();
    }

}

package io.a2ebatch.simulator;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Consumer;

/**
 * A running simulator of the bundled providers — the A2E task API of every family in its spec, and
 * kie.ai's Runway Aleph with its callbacks — with real per-task state, credits, rate limits, a
 * processing cap and injected failures, on a local port.
 *
 * <pre>{@code
 * try (A2eSimulator sim = A2eSimulator.builder().tokens("sk_test_a").taskDuration(Duration.ofSeconds(1)).start()) {
 *     URI api = sim.baseUrl();   // http://127.0.0.1:<free port>
 *     ...
 *     assertThat(sim.stats().tasksNamed("row-17")).isEqualTo(1);
 * }
 * }</pre>
 *
 * <p>This package is the simulator's public API: this interface, its configuration
 * ({@link SimulatorConfig}), {@link SimulatorStats}, {@link ExchangeListener} and the values they
 * carry. The implementation lives in {@code io.a2ebatch.simulator.internal.*}, which depends on this
 * package and never the other way round: {@link #start} finds it as a {@link Factory} service.
 *
 * <p>Thread-safe. See {@code docs/simulator.md} for the wire protocol and the inspection API.
 */
public interface A2eSimulator extends AutoCloseable {

    /** A builder with the defaults (see {@link SimulatorConfig.Settings}); {@link Builder#start()} starts it. */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a simulator with {@code config}.
     *
     * @throws IllegalStateException when the port cannot be listened on or the state directory is unusable
     */
    static A2eSimulator start(SimulatorConfig config) {
        Objects.requireNonNull(config, "config");
        Factory factory = ServiceLoader.load(Factory.class, A2eSimulator.class.getClassLoader()).findFirst()
                .orElseThrow(() -> new IllegalStateException("No simulator implementation on the class path ("
                        + "META-INF/services/" + Factory.class.getName() + " is missing); a repackaged jar "
                        + "must keep mock-server's service files"));
        return factory.start(config);
    }

    /** {@code http://127.0.0.1:<port>}: prefix every API path with it. */
    URI baseUrl();

    /** The port listened on (the free one picked for port 0). */
    int port();

    /** {@code http://127.0.0.1:<port>} of the result-file host, when the configuration has one. */
    Optional<URI> fileHostUrl();

    /** The configuration in force. */
    SimulatorConfig config();

    /** Counters, tasks and balances now. */
    SimulatorStats stats();

    /**
     * Forgets every task, counter and logged request and gives the configured tokens their starting
     * credits again; tokens added at runtime are dropped. Waits for requests in flight.
     */
    void reset();

    /**
     * Sets the balance of a token's account.
     *
     * @throws IllegalArgumentException for an unknown token or a negative balance
     */
    void setCredits(String token, long credits);

    /**
     * Adds credits to a token's account (a negative amount takes some away).
     *
     * @throws IllegalArgumentException for an unknown token or when the balance would go below zero
     */
    void addCredits(String token, long credits);

    /**
     * The balance of a token's account now.
     *
     * @throws IllegalArgumentException for an unknown token
     */
    long credits(String token);

    /**
     * Revokes ({@code false}: requests with it get 401) or restores a token. An unknown token is
     * added, with the configured starting credits.
     */
    void setTokenEnabled(String token, boolean enabled);

    /** The recent-request log, oldest first. */
    default List<LoggedRequest> requestLog() {
        return requestLog(Integer.MAX_VALUE);
    }

    /** The most recent {@code limit} requests, oldest first. */
    List<LoggedRequest> requestLog(int limit);

    /** Exceptions exchange listeners threw (the most recent 100), oldest first. */
    List<Throwable> listenerErrors();

    /**
     * Changes the configuration of the running simulator, for example
     * {@code sim.update(c -> c.rateLimit(2))} for a 429 storm. Rates, latency, durations, the
     * processing cap, timeout, cost, seed, log size, dispatch step, starting credits of new accounts,
     * callback behaviour and listeners can change; a change applies to the requests that follow (task
     * durations and outcomes are drawn when a task starts).
     *
     * @throws IllegalArgumentException for an invalid value, or an option that is fixed at start
     *                                  (port, bind address, tokens, clock, state directory)
     */
    void update(Consumer<SimulatorConfig.Builder> change);

    /** Stops listening, lets requests in flight finish and closes the state journal; idempotent. */
    @Override
    void close();

    /**
     * Starts simulators; implemented by the simulator's internals and found with {@link ServiceLoader},
     * so that this package needs no implementation package at compile time. Not for users.
     */
    interface Factory {

        /** A started simulator with {@code config}. */
        A2eSimulator start(SimulatorConfig config);
    }

    /** Configures and starts a simulator. */
    final class Builder extends SimulatorConfig.Settings<Builder> {

        Builder() {
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Starts a simulator with these options.
         *
         * @throws IllegalArgumentException for an invalid option
         * @throws IllegalStateException    when the port cannot be listened on
         */
        public A2eSimulator start() {
            return A2eSimulator.start(build());
        }
    }
}

package io.a2ebatch.simulator;

/**
 * Sees every request the simulator answers together with its answer, for example to validate both
 * against the spec. Called on the request thread after the response is decided and before it is
 * written, so a client that has its response can rely on the listener having seen it. Whatever a
 * listener throws is recorded ({@link SimulatorStats#listenerErrors()}, logged) and never reaches the
 * client or the caller.
 */
@FunctionalInterface
public interface ExchangeListener {

    void onExchange(Exchange exchange);
}

package io.a2ebatch.contract.capture;

import io.a2ebatch.simulator.Exchange;
import io.a2ebatch.simulator.ExchangeListener;
import io.a2ebatch.simulator.SimulatorOperation;

/**
 * Listens to a simulator and records every API exchange (task operations, the spec's other
 * operations and unknown paths). Result-file downloads and the inspection API are not operations of
 * the A2E spec and are left out. The simulator masks the bearer token before a listener sees it.
 */
public final class SimulatorCapture implements ExchangeListener {

    private final CapturedTraffic traffic;

    public SimulatorCapture(CapturedTraffic traffic) {
        this.traffic = traffic;
    }

    @Override
    public void onExchange(Exchange exchange) {
        if (exchange.operation() == SimulatorOperation.ADMIN || exchange.operation() == SimulatorOperation.RESULT_FILE) {
            return;
        }
        String[] url = Interaction.splitUrl(exchange.url());
        traffic.add(new Interaction(Interaction.Source.SIMULATOR, exchange.receivedAt(), exchange.method(), url[0],
                url[1], exchange.requestHeaders(), exchange.requestBody(), exchange.fault() ? 0 : exchange.status(),
                exchange.responseHeaders(), exchange.responseBody()));
    }
}

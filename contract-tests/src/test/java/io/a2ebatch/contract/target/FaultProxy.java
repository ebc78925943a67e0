package io.a2ebatch.contract.target;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.common.ConsoleNotifier;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.a2ebatch.contract.capture.CapturedTraffic;
import io.a2ebatch.contract.capture.Interaction;
import io.a2ebatch.simulator.internal.http.Json;

/**
 * A WireMock proxy in front of a simulator that answers chosen requests itself: a 400 the
 * simulator has no reason to send, a 500, a dropped connection, in a fixed order. Everything else
 * goes through to the simulator (whose own capture sees it); what the proxy answers itself is added
 * to the scenario's traffic, so it is held to the contract like any answer.
 */
public final class FaultProxy implements AutoCloseable {

    private static final int PASS_THROUGH = 100;

    private final WireMockServer server;
    private final UUID passThrough;

    FaultProxy(URI simulator) {
        server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort()
                .http2PlainDisabled(true).notifier(new ConsoleNotifier(false)));
        server.start();
        passThrough = server.stubFor(any(anyUrl()).atPriority(PASS_THROUGH)
                .willReturn(aResponse().proxiedFrom(simulator.toString()))).getId();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    /** Answers requests matching {@code mapping} itself (it should carry a priority below {@value #PASS_THROUGH}). */
    public void answer(MappingBuilder mapping) {
        server.stubFor(mapping);
    }

    /** The spec's {@code ErrorResponse} with a {@code trace_id}, as A2E and the simulator send errors. */
    public static ResponseDefinitionBuilder error(int status, String code, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody(Json.error(code, message, List.of(), System.currentTimeMillis(), UUID.randomUUID().toString()));
    }

    /** Every request the proxy received, oldest first, with whether it answered the request itself. */
    public List<Received> received() {
        List<Received> received = new ArrayList<>();
        for (ServeEvent event : server.getAllServeEvents()) {
            boolean here = event.getStubMapping() == null || !passThrough.equals(event.getStubMapping().getId());
            received.add(new Received(event, here));
        }
        received.sort(Comparator.comparing(r -> r.event().getRequest().getLoggedDate()));
        return received;
    }

    /** Adds the exchanges the proxy answered itself to {@code traffic}. */
    public void addAnsweredHereTo(CapturedTraffic traffic) {
        for (Received r : received()) {
            if (r.answeredHere()) {
                traffic.add(r.interaction());
            }
        }
    }

    @Override
    public void close() {
        server.stop();
    }

    /**
     * One request the proxy received.
     *
     * @param event        WireMock's record of it
     * @param answeredHere whether the proxy answered it instead of the simulator
     */
    public record Received(ServeEvent event, boolean answeredHere) {

        public Instant at() {
            return event.getRequest().getLoggedDate().toInstant();
        }

        public String method() {
            return event.getRequest().getMethod().getName();
        }

        public String path() {
            return Interaction.splitUrl(event.getRequest().getUrl())[0];
        }

        /** The answer's status; 0 when the proxy dropped the connection. */
        public int status() {
            return event.getResponse().getFault() != null ? 0 : event.getResponse().getStatus();
        }

        public String body() {
            return event.getRequest().getBodyAsString();
        }

        /** As the contract judges exchanges; a dropped connection has no answer. */
        public Interaction interaction() {
            String[] url = Interaction.splitUrl(event.getRequest().getUrl());
            boolean dropped = status() == 0;
            return new Interaction(Interaction.Source.PROXY, at(), method(), url[0], url[1],
                    headers(event.getRequest().getHeaders()), event.getRequest().getBody(), status(),
                    dropped ? Map.of() : headers(event.getResponse().getHeaders()),
                    dropped ? new byte[0] : event.getResponse().getBody());
        }

        @Override
        public String toString() {
            return method() + " " + event.getRequest().getUrl() + " -> " + (status() == 0 ? "dropped" : status())
                    + (answeredHere ? " (answered by the proxy)" : "") + " at " + at();
        }

        private static Map<String, List<String>> headers(HttpHeaders headers) {
            Map<String, List<String>> map = new LinkedHashMap<>();
            if (headers != null) {
                for (HttpHeader header : headers.all()) {
                    map.put(header.key(), header.values());
                }
            }
            return map;
        }
    }
}

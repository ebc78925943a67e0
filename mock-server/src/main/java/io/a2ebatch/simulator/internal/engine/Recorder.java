package io.a2ebatch.simulator.internal.engine;

import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.a2ebatch.simulator.Exchange;
import io.a2ebatch.simulator.ExchangeListener;
import io.a2ebatch.simulator.LoggedRequest;
import io.a2ebatch.simulator.SimulatorConfig;
import io.a2ebatch.simulator.SimulatorOperation;
import io.a2ebatch.simulator.TokenMask;
import io.a2ebatch.simulator.internal.http.ApiRequest;
import io.a2ebatch.simulator.internal.http.ApiResponse;
import io.a2ebatch.simulator.internal.stats.Counters;
import io.a2ebatch.simulator.internal.stats.RequestLog;
import io.a2ebatch.spec.family.TaskFamily;

/**
 * Counts, logs and shows answered requests to the {@link ExchangeListener}s. What a listener throws is
 * kept (the most recent {@value #KEPT_LISTENER_ERRORS}) and counted, and never reaches the client.
 */
final class Recorder {

    private static final System.Logger LOG = System.getLogger(Recorder.class.getName());
    private static final int KEPT_LISTENER_ERRORS = 100;

    private final Counters counters;
    private final RequestLog requestLog;
    private final ArrayDeque<Throwable> listenerErrors = new ArrayDeque<>();

    Recorder(Counters counters, RequestLog requestLog) {
        this.counters = counters;
        this.requestLog = requestLog;
    }

    /** Counts and logs an API or result-file request, then notifies the listeners. */
    void record(SimulatorConfig cfg, ApiRequest request, Instant receivedAt, ApiResponse response,
                SimulatorOperation operation, TaskFamily family, String account) {
        counters.request(operation, response.outcome());
        String familyName = family == null ? null : family.name();
        requestLog.add(new LoggedRequest(receivedAt, request.method(), request.path(), operation, familyName,
                response.status(), account));
        notifyListeners(cfg, request, receivedAt, response, operation, familyName);
    }

    /** Shows an exchange to the listeners without counting it (the inspection API). */
    void notifyListeners(SimulatorConfig cfg, ApiRequest request, Instant receivedAt, ApiResponse response,
                         SimulatorOperation operation, String family) {
        List<ExchangeListener> listeners = cfg.listeners();
        if (listeners.isEmpty()) {
            return;
        }
        Exchange exchange = new Exchange(receivedAt, request.method(), request.url(), maskedHeaders(request.headers()),
                request.body(), response.status(), response.headers(), response.body(), operation, family,
                response.fault());
        for (ExchangeListener listener : listeners) {
            try {
                listener.onExchange(exchange);
            } catch (RuntimeException | AssertionError e) {
                counters.listenerError();
                synchronized (listenerErrors) {
                    if (listenerErrors.size() == KEPT_LISTENER_ERRORS) {
                        listenerErrors.pollFirst();
                    }
                    listenerErrors.addLast(e);
                }
                LOG.log(Level.WARNING, "Exchange listener " + listener + " failed on " + exchange, e);
            }
        }
    }

    List<Throwable> listenerErrors() {
        synchronized (listenerErrors) {
            return List.copyOf(listenerErrors);
        }
    }

    void clearListenerErrors() {
        synchronized (listenerErrors) {
            listenerErrors.clear();
        }
    }

    private static Map<String, List<String>> maskedHeaders(Map<String, List<String>> headers) {
        Map<String, List<String>> masked = new LinkedHashMap<>();
        headers.forEach((name, values) -> masked.put(name, name.equalsIgnoreCase("Authorization")
                ? values.stream().map(Recorder::maskAuthorization).toList() : values));
        return masked;
    }

    private static String maskAuthorization(String value) {
        int space = value.indexOf(' ');
        return space < 0 ? TokenMask.mask(value) : value.substring(0, space + 1) + TokenMask.mask(value.substring(space + 1).trim());
    }
}

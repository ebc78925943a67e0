package io.a2ebatch.benchmarks.endtoend;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.a2ebatch.simulator.Exchange;
import io.a2ebatch.simulator.ExchangeListener;
import io.a2ebatch.simulator.SimulatorOperation;
import io.a2ebatch.spec.SpecJson;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.ResultFields;
import io.a2ebatch.spec.family.TaskState;
import tools.jackson.databind.JsonNode;

/**
 * Watches a run from the simulator's side: when the first and the last request arrived, when the last
 * task was started, and how many tasks the client had in flight over time — started (a successful start
 * answer) and not yet seen final in a detail or batchDetail answer, which is exactly when the runner
 * stops following a task. The in-flight count is integrated over time for its mean.
 */
final class TaskTimeline implements ExchangeListener {

    private final FamilyCatalog catalog;
    private final Set<String> inFlight = new HashSet<>();
    private long firstRequestMillis = -1;
    private long lastRequestMillis = -1;
    private long lastStartMillis = -1;
    private int peakInFlight;
    private long lastChangeMillis = -1;
    /** Sum of in-flight count × milliseconds, for the time-weighted mean. */
    private double inFlightMillis;

    TaskTimeline(FamilyCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public synchronized void onExchange(Exchange exchange) {
        long at = exchange.receivedAt().toEpochMilli();
        if (firstRequestMillis < 0) {
            firstRequestMillis = at;
            lastChangeMillis = at;
        }
        lastRequestMillis = Math.max(lastRequestMillis, at);
        if (exchange.status() != 200 || exchange.family() == null) {
            return;
        }
        ResultFields fields = catalog.require(exchange.family()).fields();
        SimulatorOperation operation = exchange.operation();
        if (operation == SimulatorOperation.START) {
            lastStartMillis = Math.max(lastStartMillis, at);
            JsonNode id = data(exchange).get(fields.id());
            if (id != null) {
                advanceTo(at);
                inFlight.add(id.asString());
                peakInFlight = Math.max(peakInFlight, inFlight.size());
            }
        } else if (operation == SimulatorOperation.DETAIL || operation == SimulatorOperation.BATCH_DETAIL) {
            JsonNode data = data(exchange);
            for (JsonNode record : data.isArray() ? data : List.of(data)) {
                JsonNode status = record.get(fields.status());
                JsonNode id = record.get(fields.id());
                if (status != null && id != null && TaskState.fromWire(status.asString()).isFinal()) {
                    advanceTo(at);
                    inFlight.remove(id.asString());
                }
            }
        }
    }

    private static JsonNode data(Exchange exchange) {
        return SpecJson.MAPPER.readTree(exchange.responseBody()).path("data");
    }

    private void advanceTo(long at) {
        inFlightMillis += (double) inFlight.size() * (at - lastChangeMillis);
        lastChangeMillis = at;
    }

    /** What was seen, once the run is over. */
    synchronized Summary summary() {
        if (firstRequestMillis < 0) {
            throw new IllegalStateException("the simulator saw no request");
        }
        long span = lastRequestMillis - firstRequestMillis;
        return new Summary(firstRequestMillis, span / 1000.0, (lastStartMillis - firstRequestMillis) / 1000.0,
                peakInFlight, span == 0 ? 0 : inFlightMillis / span, inFlight.size());
    }

    /**
     * @param firstRequestMillis when the first request arrived (epoch milliseconds)
     * @param makespanSeconds   from the first request to the last
     * @param submittingSeconds from the first request to the last start
     * @param peakInFlight      the most tasks in flight at once
     * @param meanInFlight      tasks in flight, averaged over the makespan
     * @param leftInFlight      tasks never seen final (0 for a complete run)
     */
    record Summary(long firstRequestMillis, double makespanSeconds, double submittingSeconds, int peakInFlight, double meanInFlight,
                   int leftInFlight) {
    }
}

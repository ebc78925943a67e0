package io.a2ebatch.simulator.internal.stats;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.a2ebatch.simulator.SimulatorOperation;

/** Request counters for {@code GET /__a2e/stats}; lock-free, so counting never slows requests down. */
public final class Counters {

    private final LongAdder requests = new LongAdder();
    private final Map<SimulatorOperation, LongAdder> byOperation = new EnumMap<>(SimulatorOperation.class);
    private final ConcurrentHashMap<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
    private final LongAdder rateLimited = new LongAdder();
    private final LongAdder errorsInjected = new LongAdder();
    private final LongAdder faultsInjected = new LongAdder();
    private final LongAdder injectedOnStartTaskCreated = new LongAdder();
    private final LongAdder injectedOnStartNoTask = new LongAdder();
    private final LongAdder adminRequests = new LongAdder();
    private final LongAdder listenerErrors = new LongAdder();

    public Counters() {
        for (SimulatorOperation op : SimulatorOperation.values()) {
            byOperation.put(op, new LongAdder());
        }
    }

    /** Counts an answered (or dropped, status 0) request other than the inspection API. */
    public void request(SimulatorOperation operation, int status) {
        requests.increment();
        byOperation.get(operation).increment();
        byStatus.computeIfAbsent(status, k -> new LongAdder()).increment();
        if (status == 429) {
            rateLimited.increment();
        }
    }

    public void admin() {
        adminRequests.increment();
    }

    /** Counts an injected 5xx ({@code fault == false}) or dropped connection; for a start, whether a task was made. */
    public void injected(boolean fault, SimulatorOperation operation, boolean taskCreated) {
        (fault ? faultsInjected : errorsInjected).increment();
        if (operation == SimulatorOperation.START) {
            (taskCreated ? injectedOnStartTaskCreated : injectedOnStartNoTask).increment();
        }
    }

    public void listenerError() {
        listenerErrors.increment();
    }

    public long requests() {
        return requests.sum();
    }

    /** Requests by operation wire name, every operation but the inspection API, in enum order. */
    public Map<String, Long> byOperation() {
        Map<String, Long> out = new LinkedHashMap<>();
        byOperation.forEach((op, n) -> {
            if (op != SimulatorOperation.ADMIN) {
                out.put(op.wireName(), n.sum());
            }
        });
        return out;
    }

    /** Responses by HTTP status (0: dropped connection), ascending. */
    public Map<Integer, Long> byStatus() {
        Map<Integer, Long> out = new TreeMap<>();
        byStatus.forEach((status, n) -> out.put(status, n.sum()));
        return out;
    }

    public long rateLimited() {
        return rateLimited.sum();
    }

    public long errorsInjected() {
        return errorsInjected.sum();
    }

    public long faultsInjected() {
        return faultsInjected.sum();
    }

    public long injectedOnStartTaskCreated() {
        return injectedOnStartTaskCreated.sum();
    }

    public long injectedOnStartNoTask() {
        return injectedOnStartNoTask.sum();
    }

    public long adminRequests() {
        return adminRequests.sum();
    }

    public long listenerErrors() {
        return listenerErrors.sum();
    }

    /** Back to zero ({@code reset}). */
    public void reset() {
        requests.reset();
        byOperation.values().forEach(LongAdder::reset);
        byStatus.clear();
        rateLimited.reset();
        errorsInjected.reset();
        faultsInjected.reset();
        injectedOnStartTaskCreated.reset();
        injectedOnStartNoTask.reset();
        adminRequests.reset();
        listenerErrors.reset();
    }
}

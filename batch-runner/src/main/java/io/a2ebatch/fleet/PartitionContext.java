package io.a2ebatch.fleet;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.a2ebatch.run.KeySlice;
import io.a2ebatch.run.RunSettings;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * What a partition's step execution context says: the run, the pass, the slice of its rows and the
 * settings its manager runs the pass by. Written by the manager's {@link RunPartitioner}, read by the
 * worker that runs the partition; the job repository carries it, so a worker needs neither the
 * manifest nor the manager. Tokens are never in it: each worker reads its own.
 *
 * @param runName  the run
 * @param pass     the pass the partition belongs to
 * @param slice    its rows
 * @param settings the manager's rate limits, in-flight caps, poll interval and base URLs
 */
public record PartitionContext(String runName, long pass, KeySlice slice, RunSettings settings) {

    static final String RUN_NAME = "a2e.partition.run-name";
    static final String PASS = "a2e.partition.pass";
    static final String INDEX = "a2e.partition.index";
    static final String COUNT = "a2e.partition.count";
    private static final String RATE_LIMIT = "a2e.partition.rate-limit.";
    private static final String MAX_IN_FLIGHT = "a2e.partition.max-in-flight.";
    private static final String BASE_URL = "a2e.partition.base-url.";
    private static final String POLL_INTERVAL = "a2e.partition.poll-interval-ms";

    /** Whether {@code context} is a partition's. */
    static boolean isPartition(ExecutionContext context) {
        return context.containsKey(RUN_NAME);
    }

    /** The slice a partition's context names. */
    static KeySlice sliceOf(ExecutionContext context) {
        return new KeySlice(context.getInt(INDEX), context.getInt(COUNT));
    }

    static PartitionContext of(ExecutionContext context) {
        Map<String, Double> rates = new LinkedHashMap<>();
        Map<String, Integer> caps = new LinkedHashMap<>();
        Map<String, URI> baseUrls = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : context.entrySet()) {
            String key = e.getKey();
            if (key.startsWith(RATE_LIMIT)) {
                rates.put(key.substring(RATE_LIMIT.length()), (Double) e.getValue());
            } else if (key.startsWith(MAX_IN_FLIGHT)) {
                caps.put(key.substring(MAX_IN_FLIGHT.length()), (Integer) e.getValue());
            } else if (key.startsWith(BASE_URL)) {
                baseUrls.put(key.substring(BASE_URL.length()), URI.create((String) e.getValue()));
            }
        }
        return new PartitionContext(context.getString(RUN_NAME), context.getLong(PASS),
                sliceOf(context), new RunSettings(rates, caps, Duration.ofMillis(context.getLong(POLL_INTERVAL)), baseUrls));
    }

    ExecutionContext toContext() {
        ExecutionContext context = new ExecutionContext();
        context.putString(RUN_NAME, runName);
        context.putLong(PASS, pass);
        context.putInt(INDEX, slice.index());
        context.putInt(COUNT, slice.count());
        settings.rateLimits().forEach((id, rate) -> context.putDouble(RATE_LIMIT + id, rate));
        settings.maxInFlight().forEach((id, cap) -> context.putInt(MAX_IN_FLIGHT + id, cap));
        settings.baseUrls().forEach((id, url) -> context.putString(BASE_URL + id, url.toString()));
        context.putLong(POLL_INTERVAL, settings.pollInterval().toMillis());
        return context;
    }
}

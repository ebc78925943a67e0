package io.a2ebatch.job;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import io.a2ebatch.client.ApiCall;
import io.a2ebatch.client.RequestCounter;
import io.a2ebatch.run.KeySlice;
import io.a2ebatch.run.RunCounters;
import io.a2ebatch.throttle.InFlightLimits;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * The live figures of one execute step: its rows' counters, its requests and its tasks in flight. A
 * run's step counts into the process's counters (the summary reads them); a fleet partition's step
 * into counters of its own, so that partitions running in one process ({@code --workers-in-process})
 * never mix. At the step's end they are written to its execution context ({@link #writeTo}), where a
 * fleet's manager reads every partition's from the job repository ({@link Totals#of}), whichever
 * process ran it.
 *
 * @param slice    the partition's rows; empty for a whole run
 * @param counters the step's rows
 * @param requests the step's requests
 * @param inFlight the step's in-flight caps
 * @param peakInFlight the most tasks in flight at once seen so far (sampled every second and at the end)
 */
public record StepFigures(Optional<KeySlice> slice, RunCounters counters, RequestCounter requests,
                          InFlightLimits inFlight, AtomicInteger peakInFlight) {

    private static final String PREFIX = "a2e.figures.";
    /** Set on a partition's context: its figures are its own, not the process's. */
    private static final String PARTITION = PREFIX + "partition";
    private static final String SENT = PREFIX + "sent";
    private static final String REQUESTS = PREFIX + "requests.";
    private static final String RATE_LIMITED = PREFIX + "rate-limited";
    private static final String FAILED = PREFIX + "failed";
    private static final String PEAK_IN_FLIGHT = PREFIX + "peak-in-flight";

    /** A step's figures, its peak in flight not yet sampled. */
    public StepFigures(Optional<KeySlice> slice, RunCounters counters, RequestCounter requests,
                       InFlightLimits inFlight) {
        this(slice, counters, requests, inFlight, new AtomicInteger());
    }

    /** Tasks in flight now. */
    public int inFlightNow() {
        return inFlight.inFlight();
    }

    /** Notes the tasks in flight now, for the peak. */
    void sample() {
        peakInFlight.accumulateAndGet(inFlight.inFlight(), Math::max);
    }

    /** Writes the figures to a step's execution context (at its end). */
    void writeTo(ExecutionContext context) {
        sample();
        new Totals(counters.submittedThisRun.get(), requests.byCall(), requests.rateLimited(), requests.failed(),
                peakInFlight.get()).writeTo(context, slice);
    }

    /**
     * What one or several steps did, as their contexts recorded it.
     *
     * @param sent         rows sent (start requests that created a task or may have)
     * @param requests     requests by kind
     * @param rateLimited  429 responses
     * @param failed       requests that ended in an error (429s included)
     * @param peakInFlight the most tasks in flight at once, summed over steps (an upper bound of the
     *                     fleet's peak: partitions need not peak together)
     */
    public record Totals(long sent, Map<ApiCall, Long> requests, long rateLimited, long failed, long peakInFlight) {

        public static final Totals NONE = new Totals(0, Map.of(), 0, 0, 0);

        /** Whether {@code context} holds a fleet partition's figures. */
        public static boolean isPartition(ExecutionContext context) {
            return context.containsKey(PARTITION);
        }

        /** The figures one step's context recorded (zeros for a step that recorded none). */
        public static Totals of(ExecutionContext context) {
            Map<ApiCall, Long> requests = new EnumMap<>(ApiCall.class);
            for (ApiCall call : ApiCall.values()) {
                requests.put(call, context.getLong(REQUESTS + call.name(), 0));
            }
            return new Totals(context.getLong(SENT, 0), requests, context.getLong(RATE_LIMITED, 0),
                    context.getLong(FAILED, 0), context.getLong(PEAK_IN_FLIGHT, 0));
        }

        /** Writes these figures to a step's context, as a partition's when {@code slice} is given. */
        public void writeTo(ExecutionContext context, Optional<KeySlice> slice) {
            context.putLong(SENT, sent);
            requests.forEach((call, n) -> context.putLong(REQUESTS + call.name(), n));
            context.putLong(RATE_LIMITED, rateLimited);
            context.putLong(FAILED, failed);
            context.putLong(PEAK_IN_FLIGHT, peakInFlight);
            slice.ifPresent(s -> context.putString(PARTITION, s.label()));
        }

        /**
         * Removes whatever figures a step's context holds: a partition sent again after its worker died
         * starts without the dead worker's (unknown) figures.
         */
        public static void removeFrom(ExecutionContext context) {
            context.entrySet().stream().map(Map.Entry::getKey).filter(key -> key.startsWith(PREFIX)).toList()
                    .forEach(context::remove);
        }

        /** The process's own counters, as the summary of a run reads them. */
        public static Totals of(RunCounters counters, RequestCounter requests) {
            return new Totals(counters.submittedThisRun.get(), requests.byCall(), requests.rateLimited(),
                    requests.failed(), 0);
        }

        public long requestTotal() {
            return requests.values().stream().mapToLong(Long::longValue).sum();
        }

        public Totals plus(Totals other) {
            Map<ApiCall, Long> sum = new EnumMap<>(ApiCall.class);
            for (ApiCall call : ApiCall.values()) {
                sum.put(call, requests.getOrDefault(call, 0L) + other.requests.getOrDefault(call, 0L));
            }
            return new Totals(sent + other.sent, sum, rateLimited + other.rateLimited, failed + other.failed,
                    peakInFlight + other.peakInFlight);
        }
    }
}

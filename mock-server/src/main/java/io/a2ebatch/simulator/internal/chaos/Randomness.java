package io.a2ebatch.simulator.internal.chaos;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

import io.a2ebatch.simulator.DurationRange;
import io.a2ebatch.simulator.SimulatorConfig;
import io.a2ebatch.simulator.SimulatorOperation;
import io.a2ebatch.simulator.internal.lifecycle.Failure;
import io.a2ebatch.simulator.internal.lifecycle.TaskPlan;

/**
 * Every random choice the simulator makes, from one seed. Each purpose (ids, task fates, injected
 * failures, latency, trace ids) draws from its own stream, so that, for example, turning latency on
 * does not change which tasks fail. With the same seed and the same sequence of requests, a run is
 * repeated exactly; task ids also hold the time they were made at, as A2E's do, so they repeat when
 * the clock reads the same (a fixed clock, as tests use).
 */
public final class Randomness {

    /** Generic failures; the simulator knows no family-specific ones. */
    private static final List<Failure> FAILURES = List.of(
            new Failure("GENERATION_FAILED", "The model could not produce a result for this input; the coins were "
                    + "refunded. Start the task again or with different input"),
            new Failure("INPUT_UNREADABLE", "An input file could not be downloaded or decoded; the coins were "
                    + "refunded. Check that every URL is public and points to a supported file"),
            new Failure("CONTENT_REJECTED", "The result was withheld by the content policy; the coins were refunded. "
                    + "Change the prompt or the input"));

    private final SplittableRandom ids;
    private final SplittableRandom fates;
    private final SplittableRandom injections;
    private final SplittableRandom latencies;
    private final SplittableRandom traces;
    private final SplittableRandom callbacks;
    /** The middle five bytes of every task id: one random value per simulator, as a MongoDB process has. */
    private final byte[] idProcess = new byte[5];
    /** The last three bytes of the next task id: a counter from a random start, as MongoDB's. */
    private int idCounter;

    public Randomness(long seed) {
        SplittableRandom root = new SplittableRandom(seed);
        this.ids = root.split();
        this.fates = root.split();
        this.injections = root.split();
        this.latencies = root.split();
        this.traces = root.split();
        this.callbacks = root.split();
        ids.nextBytes(idProcess);
        idCounter = ids.nextInt();
    }

    /**
     * A candidate task id made at {@code now}: a MongoDB ObjectId in 24 lowercase hex characters, as A2E's
     * ids are (the doc pages' {@code 6674f1765699df7e9d25311a}): the seconds since the epoch in four bytes,
     * five bytes of this simulator, and a three-byte counter. Ids made in the same second therefore share
     * their first characters and follow one another, which is how a client's index on them sees A2E's.
     */
    public String taskId(Instant now) {
        ByteBuffer bytes = ByteBuffer.allocate(12).putInt((int) now.getEpochSecond()).put(idProcess);
        int counter;
        synchronized (ids) {
            counter = idCounter++;
        }
        bytes.put((byte) (counter >>> 16)).put((byte) (counter >>> 8)).put((byte) counter);
        return HexFormat.of().formatHex(bytes.array());
    }

    /** How long a new task will process and whether it will fail. */
    public TaskPlan plan(SimulatorConfig config) {
        synchronized (fates) {
            long duration = config.tasks().duration().sampleMillis(fates);
            boolean fails = fates.nextDouble() < config.tasks().failureRate();
            Failure failure = fails ? FAILURES.get(fates.nextInt(FAILURES.size())) : null;
            return new TaskPlan(duration, failure);
        }
    }

    /** Whether to inject a failure into this request. */
    public Injection injection(SimulatorConfig config, SimulatorOperation operation) {
        double faultRate = config.chaos().faultRate();
        double errorRate = config.chaos().errorRate();
        if (faultRate == 0 && errorRate == 0) {
            return Injection.NONE;
        }
        synchronized (injections) {
            double u = injections.nextDouble();
            Injection.Kind kind = u < faultRate ? Injection.Kind.FAULT
                    : u < faultRate + errorRate ? Injection.Kind.ERROR : Injection.Kind.NONE;
            if (kind == Injection.Kind.NONE) {
                return Injection.NONE;
            }
            int status = kind == Injection.Kind.ERROR ? (injections.nextBoolean() ? 500 : 503) : 0;
            boolean afterCreate = operation == SimulatorOperation.START && injections.nextBoolean();
            return new Injection(kind, status, afterCreate);
        }
    }

    /** Latency to add, drawn from {@code range}. */
    public long latencyMillis(DurationRange range) {
        if (range.isZero()) {
            return 0;
        }
        synchronized (latencies) {
            return range.sampleMillis(latencies);
        }
    }

    /**
     * What happens to one callback: dropped, sent after a delay, and perhaps sent a second time. Every
     * call draws the same number of values, so the share dropped and duplicated over a run depends on
     * the seed and the number of callbacks only, not on their order.
     */
    public CallbackFate callbackFate(SimulatorConfig.Callbacks config) {
        synchronized (callbacks) {
            boolean drop = callbacks.nextDouble() < config.dropRate();
            boolean duplicate = callbacks.nextDouble() < config.duplicateRate();
            long delay = config.delay().sampleMillis(callbacks);
            long extra = reorderMillis(config);
            long second = config.delay().sampleMillis(callbacks) + reorderMillis(config);
            return new CallbackFate(drop, duplicate, delay + extra, second);
        }
    }

    private long reorderMillis(SimulatorConfig.Callbacks config) {
        long window = Math.max(config.delay().max().toMillis(), 1_000);
        long draw = callbacks.nextLong(window + 1);
        return config.reorder() ? draw : 0;
    }

    /**
     * One callback's fate.
     *
     * @param drop                 never sent
     * @param duplicate            sent a second time
     * @param delayMillis          wait before the first delivery
     * @param duplicateDelayMillis wait before the second delivery
     */
    public record CallbackFate(boolean drop, boolean duplicate, long delayMillis, long duplicateDelayMillis) {
    }

    /** A trace id (a random UUID) for a response. */
    public String traceId() {
        long hi;
        long lo;
        synchronized (traces) {
            hi = traces.nextLong();
            lo = traces.nextLong();
        }
        hi = (hi & ~0xF000L) | 0x4000L;
        lo = (lo & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(hi, lo).toString();
    }
}

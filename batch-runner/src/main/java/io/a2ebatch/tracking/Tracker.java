package io.a2ebatch.tracking;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.a2ebatch.client.A2eApiException;
import io.a2ebatch.client.A2eClient;
import io.a2ebatch.client.AuthenticationException;
import io.a2ebatch.client.TaskNotFoundException;
import io.a2ebatch.client.TaskRecord;
import io.a2ebatch.client.TokenUnavailableException;
import io.a2ebatch.run.LeaseLostException;
import io.a2ebatch.run.RunControl;
import io.a2ebatch.run.RunCounters;
import io.a2ebatch.run.StopReason;
import io.a2ebatch.ledger.RowState;
import io.a2ebatch.report.FinishedRows;
import io.a2ebatch.spec.family.Provider;
import io.a2ebatch.spec.family.TaskFamily;
import io.a2ebatch.spec.family.TaskState;
import io.a2ebatch.throttle.InFlightLimits;
import io.a2ebatch.throttle.RequestGate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows every task in flight to its final state. Each poll reads all tasks of a family with
 * batchDetail, up to {@link TrackingConfig#batchSize()} ids per request, so the traffic per task
 * falls as more tasks are in flight; a family without batchDetail is read one task at a time.
 * A task that batchDetail stops returning is confirmed with a detail read before its row fails.
 * The rows an answer finishes are recorded together, in one ledger transaction, before the next
 * request; their in-flight places are given back once that is committed.
 * <p>
 * Polls give way to starts that wait for the rate alone, for up to {@value #MAX_YIELD_POLL_INTERVALS}
 * poll intervals: starts then take the whole rate and the last one goes out at N/R, not later; a task
 * that has already finished is only recorded later. They give way twice as long when the last start is due
 * within that, and not at all once half of the in-flight places are taken and the cap could hold starts back
 * ({@link PollYield}): polls that waited longer would let the tasks in flight pile up to the cap
 * (a run of 20,000 rows at 2,000/s with a cap of 10,000 reached it after 5 s), and from then on each
 * start would wait for a poll to free its place, one batch of a hundred at a time. When the in-flight cap
 * holds starts back, no start waits for the rate and polls go at once anyway.
 * <p>
 * Once no more tasks will be started, the tracker also polls when the tasks still in flight should all
 * have ended ({@link TaskDurations}: each family's shortest time to completion seen in this run), unless a
 * poll went out since: the run then ends with its last task, not up to a poll interval later.
 * <p>
 * A task whose provider will call back is polled only every {@value #CALLBACK_POLL_EVERY}th round:
 * polling stays the source of truth (a callback may be lost) but the callback is the fast path. A
 * callback is a {@link #hint}: its task is read at once, ahead of the round, without yielding.
 */
public final class Tracker implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(Tracker.class);
    private static final int MISSING_POLLS_BEFORE_CONFIRMING = 2;
    static final int MAX_YIELD_POLL_INTERVALS = 10;
    /** A task whose callback is expected is polled every this many rounds. */
    static final int CALLBACK_POLL_EVERY = 6;

    private final A2eClient client;
    private final RequestGate gate;
    private final FinishedRows finished;
    private final RunControl control;
    private final Clock clock;
    private final TrackingConfig config;
    private final InFlightLimits inFlightLimits;
    private final RunCounters counters;
    private final PollYield yield;
    private final Map<String, Entry> inFlight = new ConcurrentHashMap<>();
    /** Rows the answer being read finished, recorded by {@link #recordEnded()}; tracker thread only. */
    private final List<Ended> ended = new ArrayList<>();
    private final Queue<String> hinted = new ConcurrentLinkedQueue<>();
    /** Tracker thread only. */
    private final TaskDurations durations = new TaskDurations();
    /** When the last polling round began; tracker thread only. */
    private Instant lastRoundAt = Instant.MIN;
    private final Object signal = new Object();
    private volatile boolean submissionsDone;

    /**
     * @param inFlightLimits the in-flight caps the tasks followed count against: polls stop giving way to
     *                       starts once half of their provider's places are taken and the cap could hold
     *                       starts back
     * @param counters       the run's counts: how many rows are still to end
     */
    public Tracker(A2eClient client, RequestGate gate, FinishedRows finished, RunControl control, Clock clock,
                   TrackingConfig config, InFlightLimits inFlightLimits, RunCounters counters) {
        this.client = client;
        this.gate = gate;
        this.finished = finished;
        this.control = control;
        this.clock = clock;
        this.config = config;
        this.inFlightLimits = inFlightLimits;
        this.counters = counters;
        this.yield = new PollYield(config.pollInterval().multipliedBy(MAX_YIELD_POLL_INTERVALS));
        control.onStop(this::wake);
    }

    /** Starts following a task; the tracker owns its in-flight permit from now on and releases it when it ends. */
    public void track(InFlightTask task) {
        track(task, false);
    }

    /**
     * Starts following a task, polled less often when its provider will call back when it ends.
     *
     * @param callbackExpected whether the task's start asked for a callback
     */
    public void track(InFlightTask task, boolean callbackExpected) {
        inFlight.put(task.taskId(), new Entry(task, callbackExpected));
        wake();
    }

    /**
     * A callback says the task may have ended: it is read at once (again, for a repeated callback: a
     * read is cheap and the record decides).
     *
     * @return whether this is the task's first hint; false for a task not followed (any more) or hinted before
     */
    public boolean hint(String taskId) {
        Entry entry = inFlight.get(taskId);
        if (entry == null) {
            return false;
        }
        hinted.add(taskId);
        wake();
        return !entry.hintedBefore.getAndSet(true);
    }

    /** No more tasks will be added: the tracker ends once the last one finishes. */
    public void submissionsDone() {
        submissionsDone = true;
        wake();
    }

    /** Wakes the tracker, for example to notice a stop request. */
    public void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    /** Tasks being followed now. */
    public int size() {
        return inFlight.size();
    }

    @Override
    public void run() {
        long intervalNanos = config.pollInterval().toNanos();
        long nextPoll = System.nanoTime() + intervalNanos;
        try {
            while (!control.stopping()) {
                if (inFlight.isEmpty()) {
                    if (submissionsDone) {
                        return;
                    }
                    await(intervalNanos);
                    continue;
                }
                if (!hinted.isEmpty()) {
                    pollHinted();
                    continue;
                }
                long wait = nextPoll - System.nanoTime();
                if (submissionsDone) {
                    wait = Math.min(wait, nanosUntilAllDue());
                }
                if (wait > 0) {
                    await(wait);
                    continue;
                }
                long now = System.nanoTime();
                // A round for the due time leaves the interval's rounds where they were: it may be early.
                if (nextPoll - now <= 0) {
                    nextPoll = now + intervalNanos;
                }
                lastRoundAt = clock.instant();
                pollOnce();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Time until the tasks in flight should all have ended, if that is known and no polling round began
     * since; else {@link Long#MAX_VALUE}.
     */
    private long nanosUntilAllDue() {
        Optional<Instant> due = durations.allEndedBy(() -> inFlight.values().stream().map(e -> e.task).iterator());
        if (due.isEmpty() || !due.get().isAfter(lastRoundAt)) {
            return Long.MAX_VALUE;
        }
        return Duration.between(clock.instant(), due.get()).toNanos();
    }

    /**
     * The stop message of a run that cannot connect to A2E ({@code cannotConnect}: "cannot connect to
     * URL (connection refused)"): tasks in flight and rows in doubt are kept in the ledger and looked
     * up by the next run.
     */
    public static String unreachable(String cannotConnect) {
        return cannotConnect + "; run the same command again to resume (tasks in flight and rows in doubt are"
                + " looked up then, never sent again blindly)";
    }

    /** Reads every task in flight once and finishes those that ended or ran out of time. */
    void pollOnce() throws InterruptedException {
        Map<TaskFamily, List<Entry>> byFamily = new LinkedHashMap<>();
        for (Entry entry : inFlight.values()) {
            if (entry.callbackExpected && entry.rounds++ % CALLBACK_POLL_EVERY != 0) {
                continue;
            }
            byFamily.computeIfAbsent(entry.task.family(), f -> new ArrayList<>()).add(entry);
        }
        for (var group : byFamily.entrySet()) {
            if (control.stopping()) {
                return;
            }
            TaskFamily family = group.getKey();
            List<Entry> entries = group.getValue();
            boolean polled = stopsOnFailure(() -> {
                if (family.batchDetail().isPresent()) {
                    pollInBatches(family, entries);
                } else {
                    for (Entry entry : entries) {
                        pollOne(entry);
                        recordEnded();
                    }
                }
            }, e -> log.warn("Polling {} tasks failed ({}); trying again in {}", family.name(), e.summary(),
                    config.pollInterval()));
            if (!polled) {
                return;
            }
        }
        Instant now = clock.instant();
        for (Entry entry : List.copyOf(inFlight.values())) {
            Duration age = Duration.between(entry.task.submittedAt(), now);
            if (age.compareTo(config.maxWait()) > 0) {
                end(entry, RowState.TIMED_OUT, null, "no final state " + config.maxWait() + " after submission"
                        + " (last status: " + entry.lastStatus + ")", null);
            }
        }
        recordEnded();
    }

    private void pollInBatches(TaskFamily family, List<Entry> entries) throws InterruptedException {
        for (int from = 0; from < entries.size(); from += config.batchSize()) {
            List<Entry> batch = entries.subList(from, Math.min(entries.size(), from + config.batchSize()));
            List<String> ids = batch.stream().map(e -> e.task.taskId()).toList();
            List<TaskRecord> records = gate.forProvider(family.provider())
                    .poll(() -> client.batchDetail(family, ids), yieldFor(family));
            Set<String> seen = new HashSet<>();
            for (TaskRecord record : records) {
                Entry entry = inFlight.get(record.id());
                if (entry != null && seen.add(record.id())) {
                    entry.missingPolls = 0;
                    update(entry, record);
                }
            }
            for (Entry entry : batch) {
                if (!seen.contains(entry.task.taskId())
                        && ++entry.missingPolls >= MISSING_POLLS_BEFORE_CONFIRMING) {
                    pollOne(entry);
                }
            }
            recordEnded();
        }
    }

    /** How long a poll of {@code family}'s tasks gives way to starts ({@link PollYield}). */
    private Duration yieldFor(TaskFamily family) {
        Provider provider = family.provider();
        return yield.of(counters.total.get() - counters.done(), inFlight.size(), inFlightLimits.of(provider),
                config.rateLimit(provider));
    }

    /** Reads the tasks callbacks pointed at, at once and without yielding to starts. */
    private void pollHinted() throws InterruptedException {
        String taskId;
        while ((taskId = hinted.poll()) != null && !control.stopping()) {
            Entry entry = inFlight.get(taskId);
            if (entry == null) {
                continue;
            }
            String id = taskId;
            if (!stopsOnFailure(() -> {
                pollOne(entry, false);
                recordEnded();
            }, e -> log.warn("Reading task {} after its callback failed ({}); polling goes on", id, e.summary()))) {
                return;
            }
        }
    }

    /**
     * Runs reads; a failure that concerns every later request stops the run (401, no token, a provider
     * that cannot be connected to once the retries are spent, lost lease), any other goes to
     * {@code otherwise} and polling goes on. Either way the rows that answers read before the failure
     * finished are recorded first (not with the lease lost: no write would be accepted).
     *
     * @return false when the run was stopped
     */
    private boolean stopsOnFailure(Reads reads, Consumer<A2eApiException> otherwise)
            throws InterruptedException {
        try {
            reads.run();
            return true;
        } catch (AuthenticationException e) {
            recordEnded();
            control.requestStop(StopReason.AUTH_REJECTED, e.getMessage());
        } catch (TokenUnavailableException e) {
            recordEnded();
            control.requestStop(StopReason.TOKEN_MISSING, e.getMessage());
        } catch (LeaseLostException e) {
            control.requestStop(StopReason.LEASE_LOST, e.getMessage());
        } catch (A2eApiException e) {
            recordEnded();
            if (e.cannotConnect().isPresent()) {
                // The retries are spent: no other request would get through either.
                control.requestStop(StopReason.API_UNREACHABLE, unreachable(e.cannotConnect().get()));
                return false;
            }
            otherwise.accept(e);
            return true;
        }
        return false;
    }

    @FunctionalInterface
    private interface Reads {
        void run() throws InterruptedException;
    }

    private void pollOne(Entry entry) throws InterruptedException {
        pollOne(entry, true);
    }

    private void pollOne(Entry entry, boolean yielding) throws InterruptedException {
        try {
            TaskFamily family = entry.task.family();
            RequestGate providerGate = gate.forProvider(family.provider());
            update(entry, yielding ? providerGate.poll(() -> client.detail(family, entry.task.taskId()),
                    yieldFor(family)) : providerGate.read(() -> client.detail(family, entry.task.taskId())));
            entry.missingPolls = 0;
        } catch (TaskNotFoundException e) {
            end(entry, RowState.FAILED, null, entry.task.family().provider().displayName() + " no longer knows task "
                    + entry.task.taskId()
                    + " (404): it was deleted, or belongs to another account", null);
        }
    }

    private void update(Entry entry, TaskRecord record) {
        entry.lastStatus = record.rawStatus();
        if (record.state() == TaskState.COMPLETED) {
            durations.completed(entry.task.family(), entry.task.submittedAt(), clock.instant());
            end(entry, RowState.COMPLETED, record.resultUrl(), null, record.coins().orElse(null));
        } else if (record.state() == TaskState.FAILED) {
            String reason = record.failedMessage().isEmpty()
                    ? entry.task.family().provider().displayName() + " reports the task failed" : record.failedMessage();
            if (!record.failedCode().isEmpty()) {
                reason += " (code " + record.failedCode() + ")";
            }
            end(entry, RowState.FAILED, null, reason, record.coins().orElse(null));
        } else if (record.state() == TaskState.UNKNOWN && !entry.warnedUnknown) {
            entry.warnedUnknown = true;
            log.warn("Task {} of row '{}' reports an unknown status '{}'; still waiting for completed or failed",
                    entry.task.taskId(), entry.task.row().key(), record.rawStatus());
        }
    }

    /** The task has ended: it is no longer polled, and its row is recorded with the answer's others. */
    private void end(Entry entry, RowState state, String resultUrl, String error, Long coins) {
        if (inFlight.remove(entry.task.taskId()) != null) {
            ended.add(new Ended(entry.task, new FinishedRows.Ending(entry.task.row(), state, entry.task.taskId(),
                    resultUrl, error, coins)));
        }
    }

    /**
     * Records the rows ended since the last call in one go, then gives back their places in flight
     * (also when recording fails: the run stops then, and the rows stay in flight in the ledger).
     */
    private void recordEnded() {
        if (ended.isEmpty()) {
            return;
        }
        List<Ended> batch = List.copyOf(ended);
        ended.clear();
        try {
            finished.finishAll(batch.stream().map(Ended::ending).toList());
        } finally {
            batch.forEach(e -> e.task().permit().release());
        }
    }

    private record Ended(InFlightTask task, FinishedRows.Ending ending) {
    }

    private void await(long nanos) throws InterruptedException {
        synchronized (signal) {
            if (!control.stopping()) {
                long millis = Math.max(1, nanos / 1_000_000);
                signal.wait(millis);
            }
        }
    }

    /** Mutable polling state of one task; touched only by the tracker thread, except {@code hintedBefore}. */
    private static final class Entry {
        final InFlightTask task;
        final boolean callbackExpected;
        int missingPolls;
        int rounds;
        /** Set by callback threads, read by them only. */
        final AtomicBoolean hintedBefore = new AtomicBoolean();
        String lastStatus = "unknown";
        boolean warnedUnknown;

        Entry(InFlightTask task, boolean callbackExpected) {
            this.task = task;
            this.callbackExpected = callbackExpected;
        }
    }
}

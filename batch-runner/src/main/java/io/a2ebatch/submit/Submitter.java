package io.a2ebatch.submit;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.a2ebatch.client.A2eApiException;
import io.a2ebatch.client.A2eClient;
import io.a2ebatch.client.AuthenticationException;
import io.a2ebatch.client.InsufficientCreditsException;
import io.a2ebatch.client.RateLimitedException;
import io.a2ebatch.client.TaskRecord;
import io.a2ebatch.failure.RepositoryFailures;
import io.a2ebatch.ledger.Ledger;
import io.a2ebatch.ledger.LedgerRow;
import io.a2ebatch.ledger.RowState;
import io.a2ebatch.report.FinishedRows;
import io.a2ebatch.run.LeaseLostException;
import io.a2ebatch.run.NamedThreads;
import io.a2ebatch.run.OwnershipCheck;
import io.a2ebatch.run.RunControl;
import io.a2ebatch.run.RunCounters;
import io.a2ebatch.run.RunPass;
import io.a2ebatch.run.StopReason;
import io.a2ebatch.spec.SpecJson;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.TaskFamily;
import io.a2ebatch.throttle.InFlightLimiter;
import io.a2ebatch.throttle.RequestGate;
import io.a2ebatch.tracking.InFlightTask;
import io.a2ebatch.tracking.Tracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sends the start request of every pending row, at most once per task. Rows go in groups: the feeder
 * takes in-flight permits for a group of pending rows, checks the lease is fresh, commits
 * {@code SUBMITTING} for the whole group in one transaction (fenced by the lease), checks the lease
 * again, and hands the rows to the workers; each worker takes a rate permit, checks the lease once
 * more and sends. The task ids are committed in groups too ({@link SubmittedRecorder}), and a row
 * counts as submitted only once its id is. A crash between the two commits leaves rows in doubt,
 * and a start request that may have created a task (5xx, I/O error, unreadable answer) too: either
 * way the task is looked up by name before the row is ever sent again. A row of a group that a
 * stopping run never sent goes back to pending.
 * <p>
 * The in-flight permit has one owner at a time: the feeder, then the worker that submits the row,
 * then the recorder, until it hands the task to the tracker; the worker gives it back in one place if
 * the row ends without a task.
 */
public final class Submitter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Submitter.class);
    private static final int PAGE = 200;
    private static final Duration STOP_CHECK = Duration.ofMillis(100);
    /**
     * How long a group waits for more rows' places after its first. The workers do not wait meanwhile:
     * up to a group more than they can send is handed to them ahead (the slots), so a group gathers
     * while the previous one is being sent.
     */
    static final Duration GROUP_WAIT = Duration.ofMillis(50);
    /** How long a stopping run lets start requests in progress finish before interrupting them. */
    private static final Duration WORKER_GRACE = Duration.ofSeconds(10);

    private final RunPass pass;
    private final Ledger ledger;
    private final A2eClient client;
    private final RequestGate gate;
    private final InFlightLimiter inFlight;
    private final Tracker tracker;
    private final FinishedRows finished;
    private final InDoubtResolver resolver;
    private final TaskNaming naming;
    private final FamilyCatalog catalog;
    private final RunControl control;
    private final RunCounters counters;
    private final OwnershipCheck ownership;
    private final Clock clock;
    private final SubmitConfig config;
    private final AtomicLong unresolved = new AtomicLong();
    private final SubmittedRecorder recorder;

    public Submitter(RunPass pass, Ledger ledger, A2eClient client, RequestGate gate, InFlightLimiter inFlight,
                     Tracker tracker, FinishedRows finished, InDoubtResolver resolver, TaskNaming naming,
                     FamilyCatalog catalog, RunControl control, RunCounters counters, OwnershipCheck ownership,
                     Clock clock, SubmitConfig config) {
        this.pass = pass;
        this.ledger = ledger;
        this.client = client;
        this.gate = gate;
        this.inFlight = inFlight;
        this.tracker = tracker;
        this.finished = finished;
        this.resolver = resolver;
        this.naming = naming;
        this.catalog = catalog;
        this.control = control;
        this.counters = counters;
        this.ownership = ownership;
        this.clock = clock;
        this.config = config;
        this.recorder = new SubmittedRecorder(pass, ledger, tracker, control, counters);
    }

    /** Rows left in doubt because the look-up itself failed; they are settled on the next run. */
    public long unresolved() {
        return unresolved.get();
    }

    /**
     * Resumes what a previous run left: tasks in flight are tracked again, rows in doubt are looked
     * up (and become in flight or pending).
     */
    public void resume() throws InterruptedException {
        recorder.start();
        for (LedgerRow row : ledger.inState(pass, RowState.SUBMITTED)) {
            tracker.track(new InFlightTask(row, catalog.require(row.family()), row.taskId(),
                    row.submittedAt() == null ? clock.instant() : row.submittedAt(), inFlight.adopt()));
        }
        List<LedgerRow> inDoubt = ledger.inState(pass, RowState.SUBMITTING);
        Map<String, List<LedgerRow>> byFamily = new LinkedHashMap<>();
        inDoubt.forEach(r -> byFamily.computeIfAbsent(r.family(), f -> new ArrayList<>()).add(r));
        for (var group : byFamily.entrySet()) {
            TaskFamily family = catalog.require(group.getKey());
            List<InDoubt> rows = group.getValue().stream().map(r -> inDoubt(r, family)).toList();
            Map<String, TaskRecord> found;
            try {
                found = resolver.resolve(family, rows, id -> ledger.isTaskIdTaken(pass, id));
            } catch (A2eApiException | IllegalStateException e) {
                unresolved.addAndGet(rows.size());
                if (!stopIfNoRequestCanSucceed(e)) {
                    log.warn("Could not look up {} rows in doubt of {} ({}); they stay in doubt and nothing is resent",
                            rows.size(), family.name(), e.getMessage());
                }
                continue;
            }
            for (LedgerRow row : group.getValue()) {
                TaskRecord task = found.get(row.key());
                if (task != null) {
                    counters.inDoubtResolved.incrementAndGet();
                    InFlightLimiter.Permit permit = inFlight.adopt();
                    if (!recordSubmitted(row, family, task.id(), permit)) {
                        permit.release();
                    }
                } else {
                    ledger.markPending(pass, row.key());
                }
            }
            log.info("Settled {} rows in doubt of {}: {} had a task, {} go back to pending", rows.size(),
                    family.name(), found.size(), rows.size() - found.size());
        }
    }

    /**
     * Submits every pending row, in manifest order, until none is left or the run is stopped. Call
     * {@link #resume()} first.
     */
    public void run() throws InterruptedException {
        ExecutorService workers = Executors.newFixedThreadPool(config.concurrency(), new NamedThreads("a2e-submit"));
        // Rows recorded as submitting that no worker has finished with: the busy ones, the group queued
        // for them, and the group gathering.
        Semaphore slots = new Semaphore(config.concurrency() + 2 * config.groupSize());
        try {
            long after = 0;
            feeding:
            while (!control.stopping()) {
                List<LedgerRow> page = ledger.pending(pass, after, PAGE);
                if (page.isEmpty()) {
                    break;
                }
                for (int next = 0; next < page.size(); ) {
                    List<Claimed> group = claimGroup(page, next, slots);
                    if (group.isEmpty()) {
                        break feeding;
                    }
                    next += group.size();
                    after = page.get(next - 1).line();
                    dispatch(group, workers, slots);
                }
            }
        } finally {
            workers.shutdown();
            if (!workers.awaitTermination(WORKER_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                // Stopping: wake workers asleep in a backoff or a Retry-After pause. A start request
                // cut off this way leaves its row in doubt, and the next run looks it up.
                workers.shutdownNow();
                while (!workers.awaitTermination(1, TimeUnit.SECONDS)) {
                    log.debug("Waiting for start requests in progress to end");
                }
            }
        }
    }

    /** Records the task ids handed in so far; no row is submitted after this. */
    @Override
    public void close() throws InterruptedException {
        recorder.close();
    }

    /**
     * A pending row with its places (in flight, and among the rows handed to workers), about to be
     * recorded as submitting and started.
     */
    private record Claimed(LedgerRow row, TaskFamily family, ObjectNode body, InFlightLimiter.Permit permit) {
    }

    /**
     * Claims the rows of the next group from {@code page}: the first waits for its places; the others
     * join while places free up within {@link #GROUP_WAIT} of the first, up to the group size. Empty
     * when the run is stopping.
     */
    private List<Claimed> claimGroup(List<LedgerRow> page, int from, Semaphore slots) throws InterruptedException {
        List<Claimed> group = new ArrayList<>();
        if (!acquireUnlessStopped(slots::tryAcquire)) {
            return group;
        }
        Optional<InFlightLimiter.Permit> permit = Optional.empty();
        while (permit.isEmpty() && !control.stopping()) {
            permit = inFlight.tryAcquire(STOP_CHECK.toMillis(), TimeUnit.MILLISECONDS);
        }
        if (permit.isEmpty() || control.stopping()) {
            permit.ifPresent(InFlightLimiter.Permit::release);
            slots.release();
            return group;
        }
        group.add(claim(page.get(from), permit.get()));
        long deadline = System.nanoTime() + GROUP_WAIT.toNanos();
        for (int i = from + 1; i < page.size() && group.size() < config.groupSize(); i++) {
            if (!slots.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                break;
            }
            Optional<InFlightLimiter.Permit> more = inFlight.tryAcquire(Math.max(0, deadline - System.nanoTime()),
                    TimeUnit.NANOSECONDS);
            if (more.isEmpty()) {
                slots.release();
                break;
            }
            group.add(claim(page.get(i), more.get()));
        }
        return group;
    }

    private Claimed claim(LedgerRow row, InFlightLimiter.Permit permit) {
        TaskFamily family = catalog.require(row.family());
        ObjectNode body = (ObjectNode) SpecJson.MAPPER.readTree(row.request());
        String name = naming.nameFor(row.key(), body.path("name").asString(""), row.taskAttempt());
        if (family.acceptsName()) {
            body.put("name", name);
        }
        return new Claimed(row.submitting(name, clock.instant()), family, body, permit);
    }

    /**
     * Commits {@code SUBMITTING} for the whole group, between two checks that this process still owns
     * the run, then hands each row to a worker. If that fails the run stops and the rows' places are
     * given back; the rows are pending, or in doubt if the group was committed.
     */
    private void dispatch(List<Claimed> group, ExecutorService workers, Semaphore slots) {
        int handed = 0;
        try {
            ownership.checkStillOwner();
            ledger.markSubmitting(pass, group.stream()
                    .map(c -> new Ledger.Submitting(c.row().key(), c.row().taskName())).toList(), clock.instant());
            // Checked again: the process may have been paused while the group was recorded.
            ownership.checkStillOwner();
            for (Claimed claimed : group) {
                workers.execute(() -> {
                    boolean handedOver = false;
                    try {
                        handedOver = submit(claimed);
                    } finally {
                        if (!handedOver) {
                            claimed.permit().release();
                        }
                        slots.release();
                    }
                });
                handed++;
            }
        } finally {
            for (Claimed claimed : group.subList(handed, group.size())) {
                claimed.permit().release();
                slots.release();
            }
        }
    }

    /**
     * Takes a permit, checking for a stop request while it waits: once the run stops, tasks in
     * flight are no longer followed here and their permits never come back.
     */
    private boolean acquireUnlessStopped(TimedAcquire permit) throws InterruptedException {
        while (!control.stopping()) {
            if (permit.tryAcquire(STOP_CHECK.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
        }
        return false;
    }

    @FunctionalInterface
    private interface TimedAcquire {
        boolean tryAcquire(long timeout, TimeUnit unit) throws InterruptedException;
    }

    /**
     * Starts one row that its group recorded as submitting.
     *
     * @return whether its task, and with it the row's permit, went on to be recorded and tracked;
     *         otherwise the caller gives the permit back
     */
    private boolean submit(Claimed claimed) {
        LedgerRow row = claimed.row();
        TaskFamily family = claimed.family();
        ObjectNode body = claimed.body();
        String name = row.taskName();
        // Whether the row is recorded as submitting, and whether a start request left since.
        boolean marked = true;
        AtomicBoolean sent = new AtomicBoolean();
        int attempt = 0;
        try {
            while (!control.stopping()) {
                attempt++;
                try {
                    if (!marked) {
                        ownership.checkStillOwner();
                        ledger.markSubmitting(pass, row.key(), name, clock.instant());
                        ownership.checkStillOwner();
                        marked = true;
                        sent.set(false);
                    }
                    TaskRecord task = gate.send(() -> {
                        // The last look before the request leaves: a process paused since its group was
                        // recorded (SIGSTOP) sends nothing once woken after its lease may have expired.
                        ownership.checkStillOwner();
                        sent.set(true);
                        return client.start(family, body);
                    });
                    return recordSubmitted(row, family, task.id(), claimed.permit());
                } catch (RateLimitedException e) {
                    attempt--;
                    ledger.markPending(pass, row.key());
                    marked = false;
                    gate.waitBeforeRetry(1, e);
                } catch (InsufficientCreditsException e) {
                    giveBack(row, StopReason.CREDITS_EXHAUSTED, e);
                    return false;
                } catch (AuthenticationException e) {
                    giveBack(row, StopReason.AUTH_REJECTED, e);
                    return false;
                } catch (A2eApiException e) {
                    if (!e.mayHaveCreatedTask()) {
                        finished.finish(ledger.row(pass, row.key()), RowState.FAILED, null, null, e.summary(), null);
                        return false;
                    }
                    Settled settled = settleInDoubt(row, family, name, body, attempt, e, claimed.permit());
                    if (settled != Settled.RETRY) {
                        return settled == Settled.HANDED_OVER;
                    }
                    marked = false;
                }
            }
        } catch (InterruptedException e) {
            // Left in doubt even if unsent: a ledger write from an interrupted thread could close H2's file.
            Thread.currentThread().interrupt();
            return false;
        } catch (LeaseLostException e) {
            stopRun(StopReason.LEASE_LOST, e.getMessage());
            return false;
        } catch (RuntimeException e) {
            if (RepositoryFailures.isUnavailable(e)) {
                // One outage fails every row in progress: one stop reason for the user, the traces in the log file.
                RepositoryFailures.TRACE.warn("Row '{}': job repository unavailable", row.key(), e);
                stopRun(StopReason.REPOSITORY_UNAVAILABLE, RepositoryFailures.reason(e));
            } else {
                log.error("Row '{}' hit an unexpected error; stopping the run", row.key(), e);
                stopRun(StopReason.INTERNAL_ERROR, "row '" + row.key() + "': " + e);
            }
            return false;
        }
        if (marked && !sent.get()) {
            putBackUnsent(row);
        }
        // Stopped before a task was recorded: the row is pending or in doubt, and the next run knows.
        return false;
    }

    /**
     * A row recorded as submitting that a stopping run never sent is pending again, so that the next
     * run sends it without a look-up. If that cannot be recorded the row stays in doubt, which is
     * also safe.
     */
    private void putBackUnsent(LedgerRow row) {
        try {
            ledger.markPending(pass, row.key());
        } catch (RuntimeException e) {
            log.debug("Row '{}' stays in doubt: {}", row.key(), e.toString());
        }
    }

    private enum Settled { HANDED_OVER, ENDED, RETRY }

    /**
     * After a start request that may have created a task: looks the task up; adopts it if found,
     * otherwise puts the row back to pending and backs off for another attempt or, when attempts are
     * used up, fails the row.
     */
    private Settled settleInDoubt(LedgerRow row, TaskFamily family, String name, ObjectNode body, int attempt,
                                  A2eApiException error, InFlightLimiter.Permit permit) throws InterruptedException {
        Thread.sleep(config.inDoubtDelay().toMillis());
        LedgerRow current = ledger.row(pass, row.key());
        Map<String, TaskRecord> found;
        try {
            found = resolver.resolve(family, List.of(new InDoubt(row.key(), name, body, current.submittingAt())),
                    id -> ledger.isTaskIdTaken(pass, id));
        } catch (A2eApiException | IllegalStateException lookupFailed) {
            unresolved.incrementAndGet();
            if (!stopIfNoRequestCanSucceed(lookupFailed)) {
                log.warn("Row '{}': the start request ended with {} and the look-up failed too ({}); the row stays"
                        + " in doubt and is settled on the next run", row.key(), error.summary(),
                        lookupFailed.getMessage());
            }
            return Settled.ENDED;
        }
        TaskRecord task = found.get(row.key());
        if (task != null) {
            counters.inDoubtResolved.incrementAndGet();
            return recordSubmitted(row, family, task.id(), permit) ? Settled.HANDED_OVER : Settled.ENDED;
        }
        if (!gate.backoff().allowsAnotherAfter(attempt)) {
            finished.finish(current, RowState.FAILED, null, null,
                    "gave up after " + attempt + " attempts; last: " + error.summary(), null);
            return Settled.ENDED;
        }
        // Known to have no task: only a pending row may be sent again.
        ledger.markPending(pass, row.key());
        gate.waitBeforeRetry(attempt, error);
        return Settled.RETRY;
    }

    /**
     * Hands the task id to the recorder, which commits it with others and then gives the task, with
     * its permit, to the tracker.
     *
     * @param row the row as recorded when it became submitting
     */
    private boolean recordSubmitted(LedgerRow row, TaskFamily family, String taskId, InFlightLimiter.Permit permit) {
        recorder.record(new SubmittedRecorder.Started(row, family, taskId, clock.instant(), permit));
        return true;
    }

    private void giveBack(LedgerRow row, StopReason reason, A2eApiException e) {
        ledger.markPending(pass, row.key());
        stopRun(reason, e.getMessage());
    }

    /**
     * A 401 or 402 on a look-up blocks every later request as surely as on a start, and so does an A2E
     * that cannot be connected to once the look-up's retries are spent: the run stops (one line for
     * the user, not one per row) and the rows in doubt are looked up by the next run.
     *
     * @return whether the run stops
     */
    private boolean stopIfNoRequestCanSucceed(Exception lookupFailed) {
        if (lookupFailed instanceof AuthenticationException rejected) {
            stopRun(StopReason.AUTH_REJECTED, rejected.getMessage());
        } else if (lookupFailed instanceof InsufficientCreditsException exhausted) {
            stopRun(StopReason.CREDITS_EXHAUSTED, exhausted.getMessage());
        } else if (lookupFailed instanceof A2eApiException api && api.cannotConnect().isPresent()) {
            stopRun(StopReason.API_UNREACHABLE, Tracker.unreachable(api.cannotConnect().get()));
        } else {
            return false;
        }
        return true;
    }

    private void stopRun(StopReason reason, String message) {
        control.requestStop(reason, message);
    }

    private InDoubt inDoubt(LedgerRow row, TaskFamily family) {
        ObjectNode body = (ObjectNode) SpecJson.MAPPER.readTree(row.request());
        if (family.acceptsName()) {
            body.put("name", row.taskName());
        }
        return new InDoubt(row.key(), row.taskName(), body, row.submittingAt());
    }

    /**
     * How rows are submitted.
     *
     * @param concurrency  start requests in progress at once
     * @param inDoubtDelay pause before looking up a task whose start request failed ambiguously,
     *                     so that a task created late still shows up in the list
     * @param groupSize    most rows recorded as submitting in one transaction (see {@link #forRate})
     */
    public record SubmitConfig(int concurrency, Duration inDoubtDelay, int groupSize) {

        /** A group holds the starts of about this long at the rate limit. */
        static final Duration GROUP_SPAN = Duration.ofMillis(50);
        static final int MAX_GROUP_SIZE = 100;

        public SubmitConfig {
            if (concurrency < 1) {
                throw new IllegalArgumentException("submit concurrency must be at least 1, got " + concurrency);
            }
            if (groupSize < 1) {
                throw new IllegalArgumentException("submit group size must be at least 1, got " + groupSize);
            }
        }

        /**
         * Groups sized to the rate limit: the starts of about {@link #GROUP_SPAN} (1 row at 20/s or
         * less, 100 at 2,000/s), so that a row waits little between being recorded and being sent, and
         * a crash leaves few rows to look up.
         */
        public static SubmitConfig forRate(int concurrency, Duration inDoubtDelay, double requestsPerSecond) {
            long rows = (long) Math.ceil(requestsPerSecond * GROUP_SPAN.toNanos() / 1e9);
            return new SubmitConfig(concurrency, inDoubtDelay, (int) Math.max(1, Math.min(MAX_GROUP_SIZE, rows)));
        }
    }
}

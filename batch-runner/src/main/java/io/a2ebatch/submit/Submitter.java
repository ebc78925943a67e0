package io.a2ebatch.submit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.a2ebatch.client.A2eApiException;
import io.a2ebatch.client.A2eClient;
import io.a2ebatch.client.AuthenticationException;
import io.a2ebatch.client.InsufficientCreditsException;
import io.a2ebatch.client.RateLimitedException;
import io.a2ebatch.client.TaskRecord;
import io.a2ebatch.client.TokenUnavailableException;
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
import io.a2ebatch.spec.family.Provider;
import io.a2ebatch.spec.family.TaskFamily;
import io.a2ebatch.throttle.InFlightLimiter;
import io.a2ebatch.throttle.InFlightLimits;
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
 * A family that cannot be looked up (no list, no name: kie.ai's Aleph) leaves such a start in doubt:
 * with callbacks on, the row waits for its callback, which names the task, and is settled by it;
 * otherwise, or when none comes before the tracking max wait, it stays in doubt and is reported so.
 * It is never sent again unless the user says so ({@code --resend-in-doubt}).
 * <p>
 * Each provider's rows are fed by a thread of their own, in groups sized to that provider's rate
 * limit, against their provider's in-flight cap and rate budget, so a saturated provider holds back
 * only its own rows.
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
    /**
     * How long a fleet's partition waits before asking again for places when the fleet's in-flight cap
     * is reached (one short transaction per ask).
     */
    static final Duration FLEET_FULL_WAIT = Duration.ofMillis(200);
    /** How long a stopping run lets start requests in progress finish before interrupting them. */
    private static final Duration WORKER_GRACE = Duration.ofSeconds(10);

    private final RunPass pass;
    private final Ledger ledger;
    private final A2eClient client;
    private final RequestGate gate;
    private final InFlightLimits inFlight;
    private final GroupAdmission admission;
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
    private final Optional<CallbackUrls> callbacks;
    private final AtomicLong unresolved = new AtomicLong();
    private final SubmittedRecorder recorder;
    /** Rows in doubt waiting for their callback, by key, with the time they give up waiting. */
    private final Map<String, Awaiting> awaiting = new ConcurrentHashMap<>();
    /**
     * Callbacks settling a row taken off {@link #awaiting} and not yet handed to the recorder. The wait
     * for callbacks ends only once this is 0 too: otherwise it could end while a callback was still
     * reading the named task, the recorder would close, and the settled row would stay in doubt.
     */
    private final AtomicInteger settling = new AtomicInteger();
    /**
     * Task ids that callbacks named for rows whose id was not committed yet (start in progress, or its
     * id waiting in the recorder), by key; the recorder takes them when it commits the row's id.
     */
    private final Map<String, String> announced = new ConcurrentHashMap<>();
    private final Object callbackSignal = new Object();

    public Submitter(RunPass pass, Ledger ledger, A2eClient client, RequestGate gate, InFlightLimits inFlight,
                     GroupAdmission admission, Tracker tracker, FinishedRows finished, InDoubtResolver resolver,
                     TaskNaming naming, FamilyCatalog catalog, RunControl control, RunCounters counters, OwnershipCheck ownership,
                     Clock clock, SubmitConfig config, Optional<CallbackUrls> callbacks) {
        this.pass = pass;
        this.ledger = ledger;
        this.client = client;
        this.gate = gate;
        this.inFlight = inFlight;
        this.admission = admission;
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
        this.callbacks = callbacks;
        this.recorder = new SubmittedRecorder(pass, ledger, tracker, control, counters, announced::remove);
        control.onStop(this::wakeCallbackWait);
    }

    /** The callback URLs this run's starts carry; empty when callbacks are off. */
    public Optional<CallbackUrls> callbackUrls() {
        return callbacks;
    }

    /**
     * Rows left in doubt: the look-up itself failed (settled on the next run), or their family cannot be
     * looked up and no callback settled them (reported in doubt; {@code --resend-in-doubt} sends them again).
     */
    public long unresolved() {
        return unresolved.get();
    }

    /**
     * Resumes what a previous run left: tasks in flight are tracked again, rows in doubt are looked
     * up (and become in flight or pending), or wait for their callback when they cannot be looked up.
     */
    public void resume() throws InterruptedException {
        recorder.start();
        for (LedgerRow row : ledger.inState(pass, RowState.SUBMITTED)) {
            TaskFamily family = catalog.require(row.family());
            tracker.track(new InFlightTask(row, family, row.taskId(),
                    row.submittedAt() == null ? clock.instant() : row.submittedAt(),
                    inFlight.of(family.provider()).adopt()), expectsCallback(family));
        }
        List<LedgerRow> inDoubt = ledger.inState(pass, RowState.SUBMITTING);
        Map<String, List<LedgerRow>> byFamily = new LinkedHashMap<>();
        inDoubt.forEach(r -> byFamily.computeIfAbsent(r.family(), f -> new ArrayList<>()).add(r));
        for (var group : byFamily.entrySet()) {
            TaskFamily family = catalog.require(group.getKey());
            if (family.list().isEmpty()) {
                group.getValue().forEach(row -> cannotBeLookedUp(row, family));
                continue;
            }
            List<InDoubt> rows = group.getValue().stream().map(r -> inDoubt(r, family)).toList();
            InDoubtResolver.Lookup lookup;
            try {
                lookup = lookUp(family, rows);
            } catch (A2eApiException | IllegalStateException e) {
                unresolved.addAndGet(rows.size());
                if (!stopIfNoRequestCanSucceed(e)) {
                    log.warn("Could not look up {} rows in doubt of {} ({}); they stay in doubt and nothing is resent",
                            rows.size(), family.name(), e.getMessage());
                }
                continue;
            }
            long pending = 0;
            for (LedgerRow row : group.getValue()) {
                TaskRecord task = lookup.found().get(row.key());
                if (task != null) {
                    counters.inDoubtResolved.incrementAndGet();
                    InFlightLimiter.Permit permit = inFlight.of(family.provider()).adopt();
                    if (!recordSubmitted(row, family, task.id(), permit)) {
                        permit.release();
                    }
                } else if (lookup.absent(row.key())) {
                    ledger.markPending(pass, row.key());
                    pending++;
                }
            }
            long stay = rows.size() - lookup.found().size() - pending;
            unresolved.addAndGet(stay);
            log.info("Settled {} rows in doubt of {}: {} had a task, {} go back to pending{}", rows.size(),
                    family.name(), lookup.found().size(), pending, stay == 0 ? "" : ", " + stay + " stay in doubt: "
                            + notReached(lookup));
        }
    }

    /**
     * Submits every pending row, in manifest order within each provider, until none is left or the run
     * is stopped; then waits for the callbacks that rows in doubt are waiting for. Call {@link #resume()}
     * first.
     */
    public void run() throws InterruptedException {
        List<Provider> providers = catalog.providers();
        ExecutorService feeders = Executors.newFixedThreadPool(providers.size(), new NamedThreads("a2e-feed"));
        RuntimeException failure = null;
        try {
            List<Future<?>> feeding = new ArrayList<>();
            for (Provider provider : providers) {
                List<String> families = catalog.familyNamesOf(provider);
                feeding.add(feeders.submit(() -> {
                    try {
                        feed(provider, families);
                    } catch (RuntimeException e) {
                        // The other providers' feeders stop now; the failure itself is reported (and logged)
                        // once every feeder has ended, as the engine reports a failed submission thread.
                        stopQuietly(e);
                        throw e;
                    }
                    return null;
                }));
            }
            for (int i = 0; i < feeding.size(); i++) {
                try {
                    feeding.get(i).get();
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause() instanceof RuntimeException cause ? cause
                                : new IllegalStateException("feeding " + providers.get(i) + " failed", e.getCause());
                    }
                }
            }
        } finally {
            feeders.shutdown();
        }
        if (failure != null) {
            throw failure;
        }
        awaitCallbacks();
    }

    /** Records the task ids handed in so far; no row is submitted after this. */
    @Override
    public void close() throws InterruptedException {
        recorder.close();
    }

    /**
     * Feeds one provider's pending rows to its workers, in groups sized to its rate limit, against its
     * in-flight cap.
     *
     * @param families the provider's family names
     */
    private void feed(Provider provider, List<String> families) throws InterruptedException {
        InFlightLimiter limiter = inFlight.of(provider);
        int groupSize = config.groupSize(provider);
        ExecutorService workers = Executors.newFixedThreadPool(config.concurrency(),
                new NamedThreads("a2e-submit-" + provider.id()));
        // Rows recorded as submitting that no worker has finished with: the busy ones, the group queued
        // for them, and the group gathering.
        Semaphore slots = new Semaphore(config.concurrency() + 2 * groupSize);
        try {
            long after = 0;
            feeding:
            while (!control.stopping()) {
                List<LedgerRow> page = ledger.pending(pass, after, PAGE, families);
                if (page.isEmpty()) {
                    break;
                }
                for (int next = 0; next < page.size(); ) {
                    List<Claimed> group = claimGroup(page, next, slots, limiter, groupSize);
                    if (group.isEmpty()) {
                        break feeding;
                    }
                    int admitted = dispatch(provider, group, workers, slots);
                    if (admitted > 0) {
                        next += admitted;
                        after = page.get(next - 1).line();
                    }
                    if (admitted < group.size()) {
                        // The fleet's cap is reached: the rest waits, and the page is read again from
                        // the first row not sent (other workers' rows end meanwhile).
                        Thread.sleep(FLEET_FULL_WAIT.toMillis());
                        continue feeding;
                    }
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

    /**
     * A pending row with its places (in flight, and among the rows handed to workers), about to be
     * recorded as submitting and started.
     */
    private record Claimed(LedgerRow row, TaskFamily family, ObjectNode body, InFlightLimiter.Permit permit) {
    }

    /**
     * Claims the rows of the next group from {@code page}: the first waits for its places; the others
     * join while places free up within {@link #GROUP_WAIT} of the first, up to {@code groupSize}. Empty
     * when the run is stopping.
     */
    private List<Claimed> claimGroup(List<LedgerRow> page, int from, Semaphore slots, InFlightLimiter limiter,
                                     int groupSize) throws InterruptedException {
        List<Claimed> group = new ArrayList<>();
        if (!acquireUnlessStopped(slots::tryAcquire)) {
            return group;
        }
        Optional<InFlightLimiter.Permit> permit = Optional.empty();
        while (permit.isEmpty() && !control.stopping()) {
            permit = limiter.tryAcquire(STOP_CHECK.toMillis(), TimeUnit.MILLISECONDS);
        }
        if (permit.isEmpty() || control.stopping()) {
            permit.ifPresent(InFlightLimiter.Permit::release);
            slots.release();
            return group;
        }
        group.add(claim(page.get(from), permit.get()));
        long deadline = System.nanoTime() + GROUP_WAIT.toNanos();
        for (int i = from + 1; i < page.size() && group.size() < groupSize; i++) {
            if (!slots.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                break;
            }
            Optional<InFlightLimiter.Permit> more = limiter.tryAcquire(Math.max(0, deadline - System.nanoTime()),
                    TimeUnit.NANOSECONDS);
            if (more.isEmpty()) {
                slots.release();
                break;
            }
            group.add(claim(page.get(i), more.get()));
        }
        return group;
    }

    /** The row's start request: its task name, and the callback URL when its provider is asked to call back. */
    private Claimed claim(LedgerRow row, InFlightLimiter.Permit permit) {
        TaskFamily family = catalog.require(row.family());
        ObjectNode body = (ObjectNode) SpecJson.MAPPER.readTree(row.request());
        String name = naming.nameFor(row.key(), body.path("name").asString(""), row.taskAttempt());
        if (family.acceptsName()) {
            body.put("name", name);
        }
        if (expectsCallback(family)) {
            body.put(family.provider().callbacks().orElseThrow().requestField(), callbacks.orElseThrow()
                    .forRow(row.key()));
        }
        return new Claimed(row.submitting(name, clock.instant()), family, body, permit);
    }

    /**
     * Commits {@code SUBMITTING} for the group (as much of it as a fleet's in-flight cap admits), between
     * two checks that this process still owns the run, then hands each recorded row to a worker. The
     * places of rows not recorded are given back. If that fails the run stops and the rows' places are
     * given back; the rows are pending, or in doubt if the group was committed.
     *
     * @return how many rows of the group, from the first, were recorded and handed to workers
     */
    private int dispatch(Provider provider, List<Claimed> group, ExecutorService workers, Semaphore slots) {
        int handed = 0;
        try {
            ownership.checkStillOwner();
            int admitted = admission.record(pass, provider, group.stream()
                    .map(c -> new Ledger.Submitting(c.row().key(), c.row().taskName())).toList(), clock.instant());
            // Checked again: the process may have been paused while the group was recorded.
            ownership.checkStillOwner();
            for (Claimed claimed : group.subList(0, admitted)) {
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
            return admitted;
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
     * Starts one row that its group recorded as submitting, under its provider's rate budget.
     *
     * @return whether its task, and with it the row's permit, went on to be recorded and tracked;
     *         otherwise the caller gives the permit back
     */
    private boolean submit(Claimed claimed) {
        LedgerRow row = claimed.row();
        TaskFamily family = claimed.family();
        ObjectNode body = claimed.body();
        String name = row.taskName();
        RequestGate providerGate = gate.forProvider(family.provider());
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
                        if (admission.record(pass, family.provider(), List.of(new Ledger.Submitting(row.key(), name)),
                                clock.instant()) == 0) {
                            attempt--;
                            Thread.sleep(FLEET_FULL_WAIT.toMillis());
                            continue;
                        }
                        ownership.checkStillOwner();
                        marked = true;
                        sent.set(false);
                    }
                    TaskRecord task = providerGate.send(() -> {
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
                    providerGate.waitBeforeRetry(1, e);
                } catch (InsufficientCreditsException e) {
                    giveBack(row, StopReason.CREDITS_EXHAUSTED, e.getMessage());
                    return false;
                } catch (AuthenticationException e) {
                    giveBack(row, StopReason.AUTH_REJECTED, e.getMessage());
                    return false;
                } catch (TokenUnavailableException e) {
                    // Found out before anything was sent: the row is pending again.
                    giveBack(row, StopReason.TOKEN_MISSING, e.getMessage());
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
        } catch (RuntimeException e) {
            stopOn(e, "row '" + row.key() + "'");
            return false;
        }
        if (marked && !sent.get()) {
            putBackUnsent(row);
        }
        // Stopped before a task was recorded: the row is pending or in doubt, and the next run knows.
        return false;
    }

    /** The stop the engine requests for a submission thread that failed with {@code e}, requested at once. */
    private void stopQuietly(RuntimeException e) {
        if (e instanceof LeaseLostException) {
            stopRun(StopReason.LEASE_LOST, e.getMessage());
        } else if (RepositoryFailures.isUnavailable(e)) {
            stopRun(StopReason.REPOSITORY_UNAVAILABLE, RepositoryFailures.reason(e));
        } else {
            stopRun(StopReason.INTERNAL_ERROR, "submission failed: " + e);
        }
    }

    /**
     * Stops the run for an unexpected failure of {@code what}: a lost lease, the job repository
     * unavailable (one stop reason for the user, the traces in the log file), or anything else.
     */
    private void stopOn(RuntimeException e, String what) {
        if (e instanceof LeaseLostException) {
            stopRun(StopReason.LEASE_LOST, e.getMessage());
        } else if (RepositoryFailures.isUnavailable(e)) {
            // One outage fails every row in progress: one stop reason for the user, the traces in the log file.
            RepositoryFailures.TRACE.warn("{}: job repository unavailable", what, e);
            stopRun(StopReason.REPOSITORY_UNAVAILABLE, RepositoryFailures.reason(e));
        } else {
            log.error("{} hit an unexpected error; stopping the run", what, e);
            stopRun(StopReason.INTERNAL_ERROR, what + ": " + e);
        }
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
     * used up, fails the row. A family that cannot be looked up leaves the row in doubt (waiting for
     * its callback, if one was asked for), unless the user said to send such rows again.
     */
    private Settled settleInDoubt(LedgerRow row, TaskFamily family, String name, ObjectNode body, int attempt,
                                  A2eApiException error, InFlightLimiter.Permit permit) throws InterruptedException {
        Thread.sleep(config.inDoubtDelay().toMillis());
        LedgerRow current = ledger.row(pass, row.key());
        RequestGate providerGate = gate.forProvider(family.provider());
        if (family.list().isEmpty()) {
            log.warn("Row '{}': the start request ended with {}; {} cannot be asked whether it created a task",
                    row.key(), error.summary(), family.provider().displayName());
            if (!config.resendInDoubt()) {
                cannotBeLookedUp(current, family);
                return Settled.ENDED;
            }
            if (!gate.backoff().allowsAnotherAfter(attempt)) {
                finished.finish(current, RowState.FAILED, null, null,
                        "gave up after " + attempt + " attempts; last: " + error.summary(), null);
                return Settled.ENDED;
            }
            counters.inDoubtResent.incrementAndGet();
            ledger.markPending(pass, row.key());
            providerGate.waitBeforeRetry(attempt, error);
            return Settled.RETRY;
        }
        InDoubtResolver.Lookup lookup;
        try {
            lookup = lookUp(family, List.of(new InDoubt(row.key(), name, body, current.submittingAt())));
        } catch (A2eApiException | IllegalStateException lookupFailed) {
            unresolved.incrementAndGet();
            if (!stopIfNoRequestCanSucceed(lookupFailed)) {
                log.warn("Row '{}': the start request ended with {} and the look-up failed too ({}); the row stays"
                        + " in doubt and is settled on the next run", row.key(), error.summary(),
                        lookupFailed.getMessage());
            }
            return Settled.ENDED;
        }
        TaskRecord task = lookup.found().get(row.key());
        if (task != null) {
            counters.inDoubtResolved.incrementAndGet();
            return recordSubmitted(row, family, task.id(), permit) ? Settled.HANDED_OVER : Settled.ENDED;
        }
        if (!lookup.absent(row.key())) {
            // Not found is not "no task" until the list was read back to the request: sending it again
            // could pay twice.
            unresolved.incrementAndGet();
            log.warn("Row '{}': the start request ended with {}, and {}; the row stays in doubt, is not sent"
                    + " again, and is looked up again on the next run", row.key(), error.summary(), notReached(lookup));
            return Settled.ENDED;
        }
        if (!gate.backoff().allowsAnotherAfter(attempt)) {
            finished.finish(current, RowState.FAILED, null, null,
                    "gave up after " + attempt + " attempts; last: " + error.summary(), null);
            return Settled.ENDED;
        }
        // Known to have no task: only a pending row may be sent again.
        ledger.markPending(pass, row.key());
        providerGate.waitBeforeRetry(attempt, error);
        return Settled.RETRY;
    }

    /**
     * Hands the task id to the recorder, which commits it with others and then counts the row as
     * submitted, takes what callbacks announced for it, and gives the task, with its permit, to the
     * tracker (polled less often when its callback is expected).
     *
     * @param row the row as recorded when it became submitting
     */
    private boolean recordSubmitted(LedgerRow row, TaskFamily family, String taskId, InFlightLimiter.Permit permit) {
        recorder.record(new SubmittedRecorder.Started(row, family, taskId, clock.instant(), permit,
                expectsCallback(family)));
        return true;
    }

    /** Whether this run asks the family's provider for callbacks. */
    private boolean expectsCallback(TaskFamily family) {
        return callbacks.isPresent() && family.acceptsCallbacks();
    }

    /**
     * A row in doubt whose family cannot be looked up: sent again if the user said so; else it waits
     * for its callback when its start asked for one (a callback that came already settles it now), or
     * stays in doubt.
     */
    private void cannotBeLookedUp(LedgerRow row, TaskFamily family) {
        if (config.resendInDoubt()) {
            log.warn("Row '{}' is in doubt and {} cannot be asked whether its task exists; --resend-in-doubt:"
                    + " sending it again", row.key(), family.provider().displayName());
            counters.inDoubtResent.incrementAndGet();
            ledger.markPending(pass, row.key());
            return;
        }
        if (!expectsCallback(family)) {
            log.warn("Row '{}' is in doubt: its start request may have created a task, and {} has no list and no"
                    + " task names to find it by; it is not sent again (--resend-in-doubt sends it again, at the"
                    + " risk of a second task)", row.key(), family.provider().displayName());
            unresolved.incrementAndGet();
            return;
        }
        Instant since = row.submittingAt() == null ? clock.instant() : row.submittingAt();
        awaiting.put(row.key(), new Awaiting(family, since.plus(config.callbackWait())));
        String announcedId = announced.remove(row.key());
        if (announcedId != null) {
            settleFromCallback(row.key(), announcedId);
        } else {
            log.info("Row '{}' is in doubt; waiting for its callback to name its task", row.key());
        }
    }

    /** What a callback did to a row whose start is in doubt or in progress. */
    public enum Settlement {
        /** The row was in doubt and now follows the callback's task. */
        SETTLED,
        /** The start is still in progress; the task id is kept in case it ends in doubt. */
        NOTED,
        /** The same task id was already noted: a repeated callback. */
        REPEATED,
        /** The named task is not this row's (another row holds it, it does not exist, or it echoes another URL). */
        REFUSED
    }

    /**
     * A callback with the row's genuine URL named {@code taskId} for the row {@code key} whose start is in
     * doubt or still in progress. A row waiting for it is settled with that task once the task is read and,
     * where the provider echoes the start request, found to carry this row's callback URL: the URL's
     * signature proves the row, the echo proves the task. For a start still in progress (or whose id is
     * not committed yet) the id is kept, in case the start ends in doubt; once the row's id is committed
     * the tracker reads that task at once.
     */
    public Settlement settleFromCallback(String key, String taskId) {
        // Counted before the row leaves `awaiting`, so that the wait for callbacks never sees neither.
        settling.incrementAndGet();
        try {
            Awaiting waiting = awaiting.remove(key);
            if (waiting == null) {
                return taskId.equals(announced.put(key, taskId)) ? Settlement.REPEATED : Settlement.NOTED;
            }
            TaskFamily family = waiting.family();
            Optional<String> refusal = notTheRowsTask(key, family, taskId);
            if (refusal.isPresent()) {
                log.warn("Row '{}': a callback names task {}, but {}; the row stays in doubt and waits on", key,
                        taskId, refusal.get());
                awaiting.put(key, waiting);
                return Settlement.REFUSED;
            }
            counters.inDoubtResolved.incrementAndGet();
            LedgerRow row = ledger.row(pass, key);
            InFlightLimiter.Permit permit = inFlight.of(family.provider()).adopt();
            log.info("Row '{}' was in doubt; its callback names task {}, which is now followed", key, taskId);
            // The callback also says the task ended: once its id is committed, the recorder finds it announced
            // and the tracker reads it at once; a repeat of this callback meanwhile counts as such.
            announced.put(key, taskId);
            recordSubmitted(row, family, taskId, permit);
            return Settlement.SETTLED;
        } finally {
            settling.decrementAndGet();
            wakeCallbackWait();
        }
    }

    /** Why {@code taskId} cannot be the task of row {@code key}, if it cannot. */
    private Optional<String> notTheRowsTask(String key, TaskFamily family, String taskId) {
        if (ledger.isTaskIdTaken(pass, taskId)) {
            return Optional.of("another row holds that task");
        }
        TaskRecord task;
        try {
            task = gate.forProvider(family.provider()).read(() -> client.detail(family, taskId));
        } catch (A2eApiException e) {
            return Optional.of("it cannot be read (" + e.summary() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("reading it was interrupted");
        }
        boolean ours = family.provider().callbacks()
                .map(shape -> shape.mayBeStartedWith(task.data(), callbacks.orElseThrow().forRow(key))).orElse(true);
        return ours ? Optional.empty() : Optional.of("its echoed start request carries another callback URL");
    }

    /** Whether a row still waits for its callback, or a callback is settling one. */
    private boolean callbacksPending() {
        return !awaiting.isEmpty() || settling.get() > 0;
    }

    /** Waits until every row waiting for its callback is settled, gives up waiting, or the run stops. */
    private void awaitCallbacks() throws InterruptedException {
        while (callbacksPending() && !control.stopping()) {
            Instant now = clock.instant();
            for (var entry : List.copyOf(awaiting.entrySet())) {
                if (!entry.getValue().until().isAfter(now) && awaiting.remove(entry.getKey(), entry.getValue())) {
                    log.warn("Row '{}': no callback named its task within {}; it stays in doubt and is not sent"
                            + " again (--resend-in-doubt sends it again)", entry.getKey(), config.callbackWait());
                    unresolved.incrementAndGet();
                }
            }
            synchronized (callbackSignal) {
                if (callbacksPending() && !control.stopping()) {
                    callbackSignal.wait(STOP_CHECK.toMillis() * 10);
                }
            }
        }
        unresolved.addAndGet(awaiting.size());
    }

    private void wakeCallbackWait() {
        synchronized (callbackSignal) {
            callbackSignal.notifyAll();
        }
    }

    /**
     * A row in doubt waiting for its callback.
     *
     * @param family its family
     * @param until  when it stops waiting
     */
    private record Awaiting(TaskFamily family, Instant until) {
    }

    /** Found out before the start request left: the row is pending again, and the run stops. */
    private void giveBack(LedgerRow row, StopReason reason, String message) {
        ledger.markPending(pass, row.key());
        stopRun(reason, message);
    }

    /**
     * A 401 or 402 on a look-up blocks every later request as surely as on a start, and so do a missing
     * token and a provider that cannot be connected to once the look-up's retries are spent: the run
     * stops (one line for the user, not one per row) and the rows in doubt are looked up by the next run.
     *
     * @return whether the run stops
     */
    private boolean stopIfNoRequestCanSucceed(Exception lookupFailed) {
        if (lookupFailed instanceof AuthenticationException rejected) {
            stopRun(StopReason.AUTH_REJECTED, rejected.getMessage());
        } else if (lookupFailed instanceof InsufficientCreditsException exhausted) {
            stopRun(StopReason.CREDITS_EXHAUSTED, exhausted.getMessage());
        } else if (lookupFailed instanceof TokenUnavailableException missing) {
            stopRun(StopReason.TOKEN_MISSING, missing.getMessage());
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

    /** Looks {@code rows} of {@code family} up, with room in the list for every start the run sent since. */
    private InDoubtResolver.Lookup lookUp(TaskFamily family, List<InDoubt> rows) throws InterruptedException {
        return resolver.resolve(family, rows, id -> ledger.isTaskIdTaken(pass, id),
                since -> ledger.startedSince(pass, family.name(), since));
    }

    private static String notReached(InDoubtResolver.Lookup lookup) {
        return "the look-up read " + lookup.pages() + " page(s) of the task list without reaching the time of the"
                + " request (a2e.tracking.lookup-max-pages reads further)";
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
     * @param concurrency        start requests in progress at once, per provider
     * @param inDoubtDelay       pause before looking up a task whose start request failed ambiguously,
     *                           so that a task created late still shows up in the list
     * @param providerGroupSizes most rows recorded as submitting in one transaction, by provider id (see
     *                           {@link #forRates})
     * @param resendInDoubt      send again a row in doubt whose family cannot be looked up
     *                           ({@code --resend-in-doubt})
     * @param callbackWait       how long after its start request a row in doubt waits for its callback
     */
    public record SubmitConfig(int concurrency, Duration inDoubtDelay,
                               Map<String, Integer> providerGroupSizes, boolean resendInDoubt,
                               Duration callbackWait) {

        /** A group holds the starts of about this long at the rate limit. */
        static final Duration GROUP_SPAN = Duration.ofMillis(50);
        static final int MAX_GROUP_SIZE = 100;

        public SubmitConfig {
            if (concurrency < 1) {
                throw new IllegalArgumentException("submit concurrency must be at least 1, got " + concurrency);
            }
            providerGroupSizes = providerGroupSizes == null ? Map.of() : Map.copyOf(providerGroupSizes);
            providerGroupSizes.forEach((id, size) -> {
                if (size < 1) {
                    throw new IllegalArgumentException("submit group size of " + id + " must be at least 1, got "
                            + size);
                }
            });
        }

        /** The group size of {@code provider}'s rows. */
        public int groupSize(Provider provider) {
            Integer size = providerGroupSizes.get(provider.id());
            if (size == null) {
                throw new IllegalArgumentException("no submit group size for the provider " + provider.id());
            }
            return size;
        }

        /**
         * Groups sized to each provider's rate limit ({@link #groupSizeFor}).
         *
         * @param providerRequestsPerSecond rate limits by provider id
         */
        public static SubmitConfig forRates(int concurrency, Duration inDoubtDelay,
                                            Map<String, Double> providerRequestsPerSecond, boolean resendInDoubt,
                                            Duration callbackWait) {
            Map<String, Integer> sizes = new LinkedHashMap<>();
            providerRequestsPerSecond.forEach((id, rate) -> sizes.put(id, groupSizeFor(rate)));
            return new SubmitConfig(concurrency, inDoubtDelay, sizes, resendInDoubt, callbackWait);
        }

        /**
         * A group sized to the rate limit: the starts of about {@link #GROUP_SPAN} (1 row at 20/s or
         * less, 100 at 2,000/s), so that a row waits little between being recorded and being sent, and
         * a crash leaves few rows to look up.
         */
        public static int groupSizeFor(double requestsPerSecond) {
            long rows = (long) Math.ceil(requestsPerSecond * GROUP_SPAN.toNanos() / 1e9);
            return (int) Math.max(1, Math.min(MAX_GROUP_SIZE, rows));
        }
    }
}

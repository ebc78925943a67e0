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
 * Sends the start request of every pending row, at most once per task. For each row: take an
 * in-flight permit, take a rate permit, check the lease is fresh, commit {@code SUBMITTING} to the
 * ledger (fenced by the lease), send, commit the task id. A start request that may have created a task
 * (5xx, I/O error, unreadable answer) is followed by a look-up by name before it is ever sent again.
 * <p>
 * A family that cannot be looked up (no list, no name: kie.ai's Aleph) leaves such a start in doubt:
 * with callbacks on, the row waits for its callback, which names the task, and is settled by it;
 * otherwise, or when none comes before the tracking max wait, it stays in doubt and is reported so.
 * It is never sent again unless the user says so ({@code --resend-in-doubt}).
 * <p>
 * Each provider's rows are fed by a thread of their own against their provider's in-flight cap, so a
 * saturated provider holds back only its own rows.
 * <p>
 * The in-flight permit has one owner at a time: the worker that submits the row, until it hands the
 * task to the tracker; the worker gives it back in one place if the row ends without a task.
 */
public final class Submitter {

    private static final Logger log = LoggerFactory.getLogger(Submitter.class);
    private static final int PAGE = 200;
    private static final Duration STOP_CHECK = Duration.ofMillis(100);
    /** How long a stopping run lets start requests in progress finish before interrupting them. */
    private static final Duration WORKER_GRACE = Duration.ofSeconds(10);

    private final RunPass pass;
    private final Ledger ledger;
    private final A2eClient client;
    private final RequestGate gate;
    private final InFlightLimits inFlight;
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
    /** Rows in doubt waiting for their callback, by key, with the time they give up waiting. */
    private final Map<String, Awaiting> awaiting = new ConcurrentHashMap<>();
    /** Task ids that callbacks named for rows whose start had not ended yet, by key. */
    private final Map<String, String> announced = new ConcurrentHashMap<>();
    private final Object callbackSignal = new Object();

    public Submitter(RunPass pass, Ledger ledger, A2eClient client, RequestGate gate, InFlightLimits inFlight,
                     Tracker tracker, FinishedRows finished, InDoubtResolver resolver, TaskNaming naming,
                     FamilyCatalog catalog, RunControl control, RunCounters counters, OwnershipCheck ownership,
                     Clock clock, SubmitConfig config, Optional<CallbackUrls> callbacks) {
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
        this.callbacks = callbacks;
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
     * up (and become in flight or pending).
     */
    public void resume() throws InterruptedException {
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
            Map<String, TaskRecord> found;
            try {
                found = resolver.resolve(family, rows, id -> ledger.isTaskIdTaken(pass, id));
            } catch (A2eApiException | IllegalStateException e) {
                log.warn("Could not look up {} rows in doubt of {} ({}); they stay in doubt and nothing is resent",
                        rows.size(), family.name(), e.getMessage());
                unresolved.addAndGet(rows.size());
                stopIfTheAccountIsBlocked(e);
                continue;
            }
            for (LedgerRow row : group.getValue()) {
                TaskRecord task = found.get(row.key());
                if (task != null) {
                    counters.inDoubtResolved.incrementAndGet();
                    InFlightLimiter.Permit permit = inFlight.of(family.provider()).adopt();
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
     * Submits every pending row, in manifest order within each provider, until none is left or the run
     * is stopped; then waits for the callbacks that rows in doubt are waiting for.
     */
    public void run() throws InterruptedException {
        List<Provider> providers = catalog.providers();
        ExecutorService feeders = Executors.newFixedThreadPool(providers.size(), new NamedThreads("a2e-feed"));
        try {
            List<Future<?>> feeding = new ArrayList<>();
            for (Provider provider : providers) {
                List<String> families = catalog.families().stream().filter(f -> f.provider().equals(provider))
                        .map(TaskFamily::name).toList();
                feeding.add(feeders.submit(() -> {
                    feed(provider, families);
                    return null;
                }));
            }
            for (Future<?> feeder : feeding) {
                try {
                    feeder.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException failure) {
                        throw failure;
                    }
                    throw new IllegalStateException("feeding " + provider(feeding, feeder, providers) + " failed",
                            e.getCause());
                }
            }
        } finally {
            feeders.shutdown();
        }
        awaitCallbacks();
    }

    private static Provider provider(List<Future<?>> feeding, Future<?> feeder, List<Provider> providers) {
        return providers.get(feeding.indexOf(feeder));
    }

    /**
     * Feeds one provider's pending rows to its workers.
     *
     * @param families the provider's family names
     */
    private void feed(Provider provider, List<String> families) throws InterruptedException {
        InFlightLimiter limiter = inFlight.of(provider);
        ExecutorService workers = Executors.newFixedThreadPool(config.concurrency(),
                new NamedThreads("a2e-submit-" + provider.id()));
        Semaphore slots = new Semaphore(config.concurrency());
        try {
            long after = 0;
            feeding:
            while (!control.stopping()) {
                List<LedgerRow> page = ledger.pending(pass, after, PAGE, families);
                if (page.isEmpty()) {
                    break;
                }
                for (LedgerRow row : page) {
                    after = row.line();
                    if (!acquireUnlessStopped(slots::tryAcquire)) {
                        break feeding;
                    }
                    Optional<InFlightLimiter.Permit> permit = Optional.empty();
                    while (permit.isEmpty() && !control.stopping()) {
                        permit = limiter.tryAcquire(STOP_CHECK.toMillis(), TimeUnit.MILLISECONDS);
                    }
                    if (permit.isEmpty() || control.stopping()) {
                        permit.ifPresent(InFlightLimiter.Permit::release);
                        slots.release();
                        break feeding;
                    }
                    InFlightLimiter.Permit held = permit.get();
                    workers.execute(() -> {
                        boolean handedOver = false;
                        try {
                            handedOver = submit(row, held);
                        } finally {
                            if (!handedOver) {
                                held.release();
                            }
                            slots.release();
                        }
                    });
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
     * Submits one row.
     *
     * @return whether its task, and with it {@code permit}, went to the tracker; otherwise the caller
     *         gives the permit back
     */
    private boolean submit(LedgerRow row, InFlightLimiter.Permit permit) {
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
        int attempt = 0;
        try {
            while (!control.stopping()) {
                attempt++;
                try {
                    TaskRecord task = gate.forProvider(family.provider()).send(() -> {
                        ownership.checkStillOwner();
                        ledger.markSubmitting(pass, row.key(), name, clock.instant());
                        // Checked again: the process may have been paused while the row was recorded.
                        ownership.checkStillOwner();
                        return client.start(family, body);
                    });
                    return recordSubmitted(row, family, task.id(), permit);
                } catch (RateLimitedException e) {
                    attempt--;
                    ledger.markPending(pass, row.key());
                    gate.forProvider(family.provider()).waitBeforeRetry(1, e);
                } catch (InsufficientCreditsException e) {
                    giveBack(row, StopReason.CREDITS_EXHAUSTED, e);
                    return false;
                } catch (AuthenticationException e) {
                    giveBack(row, StopReason.AUTH_REJECTED, e);
                    return false;
                } catch (TokenUnavailableException e) {
                    // Found out before anything was sent: the row is pending again.
                    ledger.markPending(pass, row.key());
                    stopRun(StopReason.TOKEN_MISSING, e.getMessage());
                    return false;
                } catch (A2eApiException e) {
                    if (!e.mayHaveCreatedTask()) {
                        finished.finish(ledger.row(pass, row.key()), RowState.FAILED, null, null, e.summary(), null);
                        return false;
                    }
                    Settled settled = settleInDoubt(row, family, name, body, attempt, e, permit);
                    if (settled != Settled.RETRY) {
                        return settled == Settled.HANDED_OVER;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (LeaseLostException e) {
            stopRun(StopReason.LEASE_LOST, e.getMessage());
        } catch (RuntimeException e) {
            if (RepositoryFailures.isUnavailable(e)) {
                // One outage fails every row in progress: one stop reason for the user, the traces in the log file.
                RepositoryFailures.TRACE.warn("Row '{}': job repository unavailable", row.key(), e);
                stopRun(StopReason.REPOSITORY_UNAVAILABLE, RepositoryFailures.reason(e));
            } else {
                log.error("Row '{}' hit an unexpected error; stopping the run", row.key(), e);
                stopRun(StopReason.INTERNAL_ERROR, "row '" + row.key() + "': " + e);
            }
        }
        // Stopped before a task was recorded: the row is pending or in doubt, and the next run knows.
        return false;
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
            gate.forProvider(family.provider()).waitBeforeRetry(attempt, error);
            return Settled.RETRY;
        }
        Map<String, TaskRecord> found;
        try {
            found = resolver.resolve(family, List.of(new InDoubt(row.key(), name, body, current.submittingAt())),
                    id -> ledger.isTaskIdTaken(pass, id));
        } catch (A2eApiException | IllegalStateException lookupFailed) {
            log.warn("Row '{}': the start request ended with {} and the look-up failed too ({}); the row stays in"
                    + " doubt and is settled on the next run", row.key(), error.summary(), lookupFailed.getMessage());
            unresolved.incrementAndGet();
            stopIfTheAccountIsBlocked(lookupFailed);
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
        gate.forProvider(family.provider()).waitBeforeRetry(attempt, error);
        return Settled.RETRY;
    }

    /** Records the task id and hands the task, with its permit, to the tracker. */
    private boolean recordSubmitted(LedgerRow row, TaskFamily family, String taskId, InFlightLimiter.Permit permit) {
        var now = clock.instant();
        ledger.markSubmitted(pass, row.key(), taskId, now);
        announced.remove(row.key());
        counters.submittedThisRun.incrementAndGet();
        tracker.track(new InFlightTask(ledger.row(pass, row.key()), family, taskId, now, permit),
                expectsCallback(family));
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
     * signature proves the row, the echo proves the task. For a start still in progress the id is kept, in
     * case the start ends in doubt.
     */
    public Settlement settleFromCallback(String key, String taskId) {
        Awaiting waiting = awaiting.remove(key);
        if (waiting == null) {
            return taskId.equals(announced.put(key, taskId)) ? Settlement.REPEATED : Settlement.NOTED;
        }
        TaskFamily family = waiting.family();
        Optional<String> refusal = notTheRowsTask(key, family, taskId);
        if (refusal.isPresent()) {
            log.warn("Row '{}': a callback names task {}, but {}; the row stays in doubt and waits on", key, taskId,
                    refusal.get());
            awaiting.put(key, waiting);
            return Settlement.REFUSED;
        }
        counters.inDoubtResolved.incrementAndGet();
        LedgerRow row = ledger.row(pass, key);
        InFlightLimiter.Permit permit = inFlight.of(family.provider()).adopt();
        log.info("Row '{}' was in doubt; its callback names task {}, which is now followed", key, taskId);
        recordSubmitted(row, family, taskId, permit);
        // The callback also says the task ended: read it now, and count a repeat of this callback as such.
        tracker.hint(taskId);
        wakeCallbackWait();
        return Settlement.SETTLED;
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

    /** Waits until every row waiting for its callback is settled, gives up waiting, or the run stops. */
    private void awaitCallbacks() throws InterruptedException {
        while (!awaiting.isEmpty() && !control.stopping()) {
            Instant now = clock.instant();
            for (var entry : List.copyOf(awaiting.entrySet())) {
                if (!entry.getValue().until().isAfter(now) && awaiting.remove(entry.getKey(), entry.getValue())) {
                    log.warn("Row '{}': no callback named its task within {}; it stays in doubt and is not sent"
                            + " again (--resend-in-doubt sends it again)", entry.getKey(), config.callbackWait());
                    unresolved.incrementAndGet();
                }
            }
            synchronized (callbackSignal) {
                if (!awaiting.isEmpty() && !control.stopping()) {
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

    private void giveBack(LedgerRow row, StopReason reason, A2eApiException e) {
        ledger.markPending(pass, row.key());
        stopRun(reason, e.getMessage());
    }

    /** A 401 or 402 on a look-up blocks every later request as surely as on a start. */
    private void stopIfTheAccountIsBlocked(Exception lookupFailed) {
        if (lookupFailed instanceof AuthenticationException rejected) {
            stopRun(StopReason.AUTH_REJECTED, rejected.getMessage());
        } else if (lookupFailed instanceof InsufficientCreditsException exhausted) {
            stopRun(StopReason.CREDITS_EXHAUSTED, exhausted.getMessage());
        }
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
     * @param resendInDoubt send again a row in doubt whose family cannot be looked up ({@code --resend-in-doubt})
     * @param callbackWait  how long after its start request a row in doubt waits for its callback
     */
    public record SubmitConfig(int concurrency, Duration inDoubtDelay, boolean resendInDoubt, Duration callbackWait) {

        public SubmitConfig {
            if (concurrency < 1) {
                throw new IllegalArgumentException("submit concurrency must be at least 1, got " + concurrency);
            }
        }
    }
}

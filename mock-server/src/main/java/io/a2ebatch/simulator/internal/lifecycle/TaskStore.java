package io.a2ebatch.simulator.internal.lifecycle;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import io.a2ebatch.spec.family.TaskFamily;
import io.a2ebatch.spec.family.TaskState;

/**
 * The simulator's own store of accounts and tasks. Tasks are found by id in one concurrent map;
 * everything that changes a task or a balance runs under its account's lock, after playing that
 * account's schedule forward to the moment of the request, so concurrent clients never lose an
 * update and a balance never goes below zero.
 *
 * <p>Reads of tasks by id (detail, batchDetail, result files) take the lock only when the account's
 * schedule has something to play forward ({@link Account#quietAt}); otherwise they read the tasks as
 * they are, and one token's pollers do not queue on one monitor.
 */
public final class TaskStore {

    /**
     * What a start request is charged and how its timeline is laid out.
     *
     * @param stepMillis    time in each of initialized, sent and (at least) pending
     * @param timeoutMillis time after which an unfinished task fails
     * @param cost          credits charged
     */
    public record StartTerms(long stepMillis, long timeoutMillis, long cost) {
    }

    /**
     * One page of a family's list, newest first.
     *
     * @param list     the tasks of the page
     * @param total    tasks in the whole list (after the status filter)
     * @param pageNum  1-based page number
     * @param pageSize tasks per page
     */
    public record Page(List<TaskView> list, long total, int pageNum, int pageSize) {
    }

    private final Supplier<String> ids;
    private final ConcurrentHashMap<String, Account> accounts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Task> tasks = new ConcurrentHashMap<>();
    private final AtomicLong seq = new AtomicLong();
    private final LongAdder created = new LongAdder();
    private final LongAdder deleted = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder> createdByName = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> createdByFamily = new ConcurrentHashMap<>();
    private volatile TaskEvents events = TaskEvents.NONE;

    /** @param ids makes candidate task ids; a candidate already in use is replaced by the next one */
    public TaskStore(Supplier<String> ids) {
        this.ids = ids;
    }

    /** Where changes are reported from now on (the state journal). */
    public void events(TaskEvents events) {
        this.events = Objects.requireNonNull(events, "events");
    }

    /** The account with this key, opened with {@code credits} if it is new. */
    public Account openAccount(String key, String mask, long credits) {
        return accounts.computeIfAbsent(key, k -> {
            Account account = new Account(k, mask, credits);
            events.accountOpened(account);
            return account;
        });
    }

    public Optional<Account> account(String key) {
        return Optional.ofNullable(accounts.get(key));
    }

    public Collection<Account> accounts() {
        return accounts.values();
    }

    /**
     * Charges the account and creates a task; its status is {@code initialized}.
     *
     * @throws InsufficientCreditsException when the balance (after refunds due by {@code now}) is below the cost
     */
    public TaskView create(Account account, TaskFamily family, String name, byte[] body, TaskPlan plan, long now,
                           int maxProcessing, StartTerms terms) throws InsufficientCreditsException {
        synchronized (account) {
            account.advance(now, maxProcessing, events);
            long balance = account.credits();
            if (balance < terms.cost()) {
                throw new InsufficientCreditsException(terms.cost(), balance);
            }
            // Readers find the task by id from the moment it is in the map; none may still count on the old horizon.
            account.expectChange();
            Task task;
            do {
                task = new Task(seq.getAndIncrement(), ids.get(), family, account, name, body, now, terms.stepMillis(),
                        now + terms.timeoutMillis(), terms.cost(), plan);
            } while (tasks.putIfAbsent(task.id(), task) != null);
            account.adjustCredits(-terms.cost());
            account.add(task);
            count(task);
            events.taskCreated(task);
            return task.initialView();
        }
    }

    private void count(Task task) {
        created.increment();
        createdByName.computeIfAbsent(task.name(), k -> new LongAdder()).increment();
        createdByFamily.computeIfAbsent(task.family().name(), k -> new LongAdder()).increment();
    }

    /** The account's task of this family with this id, as it is at {@code now}. */
    public Optional<TaskView> view(Account account, TaskFamily family, String id, long now, int maxProcessing) {
        Task task = tasks.get(id);
        if (task == null || task.account() != account || task.family() != family) {
            return Optional.empty();
        }
        advanceForRead(account, now, maxProcessing);
        return task.deleted() ? Optional.empty() : Optional.of(task.view(now));
    }

    /** The account's tasks of this family with these ids, in the order asked; unknown ids are left out. */
    public List<TaskView> views(Account account, TaskFamily family, List<String> ids, long now, int maxProcessing) {
        List<TaskView> found = new ArrayList<>(ids.size());
        advanceForRead(account, now, maxProcessing);
        for (String id : ids) {
            Task task = tasks.get(id);
            if (task != null && task.account() == account && task.family() == family && !task.deleted()) {
                found.add(task.view(now));
            }
        }
        return found;
    }

    /**
     * Plays the account's schedule forward to {@code now} if anything is due by then. A view taken after
     * it reads each task's own (volatile) schedule; a change racing with it concerns moments after
     * {@code now}, so the view shows what a locked read at {@code now} would.
     */
    private void advanceForRead(Account account, long now, int maxProcessing) {
        if (!account.quietAt(now, maxProcessing)) {
            synchronized (account) {
                account.advance(now, maxProcessing, events);
            }
        }
    }

    /** Any task by id, whoever owns it: result files are served without a token, like a CDN would. */
    public Optional<TaskView> viewAny(String id, long now, int maxProcessing) {
        Task task = tasks.get(id);
        if (task == null) {
            return Optional.empty();
        }
        advanceForRead(task.account(), now, maxProcessing);
        return task.deleted() ? Optional.empty() : Optional.of(task.view(now));
    }

    /** One page of the account's tasks of this family, newest first, optionally only those in {@code state}. */
    public Page page(Account account, TaskFamily family, int pageNum, int pageSize, TaskState state, long now,
                     int maxProcessing) {
        long skip = (long) (pageNum - 1) * pageSize;
        List<TaskView> list = new ArrayList<>(Math.min(pageSize, 100));
        synchronized (account) {
            account.advance(now, maxProcessing, events);
            List<Task> all = account.tasks(family.name());
            if (state == null) {
                for (long i = all.size() - 1 - skip; i >= 0 && list.size() < pageSize; i--) {
                    list.add(all.get((int) i).view(now));
                }
                return new Page(list, all.size(), pageNum, pageSize);
            }
            long total = 0;
            for (int i = all.size() - 1; i >= 0; i--) {
                Task task = all.get(i);
                if (task.state(now) == state) {
                    if (total >= skip && list.size() < pageSize) {
                        list.add(task.view(now));
                    }
                    total++;
                }
            }
            return new Page(list, total, pageNum, pageSize);
        }
    }

    /**
     * Deletes a task that is initialized (refunded), completed or failed.
     *
     * @return the task as it was when deleted, or empty when the account has no such task
     * @throws TaskBusyException when it is sent, pending or processing
     */
    public Optional<TaskView> delete(Account account, TaskFamily family, String id, long now, int maxProcessing)
            throws TaskBusyException {
        Task task = tasks.get(id);
        if (task == null || task.account() != account || task.family() != family) {
            return Optional.empty();
        }
        synchronized (account) {
            account.advance(now, maxProcessing, events);
            if (task.deleted()) {
                return Optional.empty();
            }
            TaskView view = task.view(now);
            long refund = switch (view.state()) {
                case INITIALIZED -> task.cost();
                case COMPLETED, FAILED -> 0;
                default -> throw new TaskBusyException(id, view.state());
            };
            account.remove(task);
            account.adjustCredits(refund);
            tasks.remove(id);
            deleted.increment();
            events.taskDeleted(task, refund);
            return Optional.of(view);
        }
    }

    /** The account's balance at {@code now}, after refunds of tasks that failed by then. */
    public long credits(Account account, long now, int maxProcessing) {
        synchronized (account) {
            account.advance(now, maxProcessing, events);
            return account.credits();
        }
    }

    /** Sets a balance. */
    public void setCredits(Account account, long credits) {
        if (credits < 0) {
            throw new IllegalArgumentException("Credits cannot be negative, got " + credits);
        }
        synchronized (account) {
            account.setCredits(credits);
            events.creditsChanged(account);
        }
    }

    /**
     * Adds to (or, with a negative amount, takes from) a balance at {@code now}.
     *
     * @return the new balance
     * @throws IllegalArgumentException when the balance would go below zero
     */
    public long addCredits(Account account, long amount, long now, int maxProcessing) {
        synchronized (account) {
            account.advance(now, maxProcessing, events);
            long balance = account.credits();
            if (balance + amount < 0) {
                throw new IllegalArgumentException("Taking " + (-amount) + " credits from " + account.mask()
                        + " would leave " + (balance + amount) + "; it has " + balance);
            }
            account.adjustCredits(amount);
            events.creditsChanged(account);
            return account.credits();
        }
    }

    public void setEnabled(Account account, boolean enabled) {
        synchronized (account) {
            account.setEnabled(enabled);
            events.enabledChanged(account);
        }
    }

    /** Live (not deleted) tasks by their status at {@code now}. */
    public Map<TaskState, Long> countByState(long now, int maxProcessing) {
        Map<TaskState, Long> counts = new EnumMap<>(TaskState.class);
        for (Account account : accounts.values()) {
            synchronized (account) {
                account.advance(now, maxProcessing, events);
                for (Task task : account.allTasks()) {
                    counts.merge(task.state(now), 1L, Long::sum);
                }
            }
        }
        return counts;
    }

    /** Tasks ever created (deleted ones included) since the last reset. */
    public long tasksCreated() {
        return created.sum();
    }

    public long tasksDeleted() {
        return deleted.sum();
    }

    /** Tasks ever created by name, sorted by name. */
    public Map<String, Long> tasksByName() {
        return sorted(createdByName);
    }

    /** Tasks ever created by family, sorted by family. */
    public Map<String, Long> tasksByFamily() {
        return sorted(createdByFamily);
    }

    private static Map<String, Long> sorted(Map<String, LongAdder> counts) {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Forgets every account and task. */
    public void clear() {
        accounts.clear();
        tasks.clear();
        created.reset();
        deleted.reset();
        createdByName.clear();
        createdByFamily.clear();
        events.cleared();
    }

    /** Every live task of an account (for the state journal's snapshot). */
    public List<Task> tasksOf(Account account) {
        return account.allTasks();
    }

    // Restoring from the state journal: events are not reported again.

    /** Restores a balance (journal replay). */
    public void setCreditsQuietly(Account account, long credits) {
        account.setCredits(credits);
    }

    /** Restores whether a token is enabled (journal replay). */
    public void setEnabledQuietly(Account account, boolean enabled) {
        account.setEnabled(enabled);
    }

    /** Restores an account exactly (journal replay). */
    public Account restoreAccount(String key, String mask, long credits, boolean enabled) {
        Account account = accounts.computeIfAbsent(key, k -> new Account(k, mask, credits));
        synchronized (account) {
            account.setCredits(credits);
            account.setEnabled(enabled);
        }
        return account;
    }

    /**
     * Restores a task as it was created (journal replay).
     *
     * @param charge whether to charge its cost now (a logged start) or not (a snapshot, whose balance includes it)
     */
    public Task restoreTask(String id, TaskFamily family, Account account, String name, byte[] body, long createdAt,
                            long step, long deadline, long cost, TaskPlan plan, boolean charge, boolean count) {
        Task task = new Task(seq.getAndIncrement(), id, family, account, name, body, createdAt, step, deadline, cost, plan);
        tasks.put(id, task);
        synchronized (account) {
            account.add(task);
            if (charge) {
                account.adjustCredits(-cost);
            }
        }
        if (count) {
            count(task);
        }
        return task;
    }

    /** Restores the slot a task got (journal replay). */
    public void restoreScheduled(String id, long start, long end, boolean timedOut) {
        Task task = require(id);
        synchronized (task.account()) {
            task.schedule(start, end, timedOut);
            task.account().restoreScheduled(task);
        }
    }

    /** Restores that a task settled (journal replay), refunding it if it failed. */
    public void restoreSettled(String id) {
        Task task = require(id);
        synchronized (task.account()) {
            task.account().restoreSettled(task);
        }
    }

    /** Restores a snapshot's settled task without refunding again. */
    public void restoreSettledQuietly(String id) {
        Task task = require(id);
        synchronized (task.account()) {
            task.markSettled();
        }
    }

    /** Restores a deletion (journal replay). */
    public void restoreDeleted(String id, long refund) {
        Task task = tasks.remove(id);
        if (task == null) {
            return;
        }
        synchronized (task.account()) {
            task.account().remove(task);
            task.account().adjustCredits(refund);
        }
        deleted.increment();
    }

    /** Restores counters a snapshot carries for tasks it no longer holds. */
    public void restoreCounters(long createdTotal, long deletedTotal, Map<String, Long> byName,
                                Map<String, Long> byFamily) {
        created.reset();
        created.add(createdTotal);
        deleted.reset();
        deleted.add(deletedTotal);
        createdByName.clear();
        byName.forEach((k, v) -> createdByName.computeIfAbsent(k, x -> new LongAdder()).add(v));
        createdByFamily.clear();
        byFamily.forEach((k, v) -> createdByFamily.computeIfAbsent(k, x -> new LongAdder()).add(v));
    }

    private Task require(String id) {
        Task task = tasks.get(id);
        if (task == null) {
            throw new IllegalStateException("The state journal refers to task " + id + " before creating it");
        }
        return task;
    }
}

package io.a2ebatch.simulator.internal.lifecycle;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * One account: its credits, whether its token is enabled, its tasks by family (in creation order)
 * and its processing schedule. Every method runs under the account's own lock, so accounts never
 * wait for each other.
 *
 * <p>The schedule is computed lazily: {@link #advance} plays the account's queue forward to the
 * moment of the request. Tasks get a processing slot in creation order, at the later of the moment
 * they are ready and the moment a slot frees up ({@code maxProcessing} slots); a task that cannot
 * start before its deadline times out. The result is the same as an eager schedule, but deleting a
 * waiting task or changing {@code maxProcessing} at runtime needs no re-planning.
 *
 * <p>After each advance the account also notes until when nothing can change ({@link #quietAt}): the
 * first moment a waiting task may get a slot or time out, or a running one end. A read before that
 * moment needs neither the lock nor an advance, which is what lets many pollers of one token read
 * at once.
 */
public final class Account {

    private static final Comparator<Task> BY_END = Comparator.comparingLong(Task::endAt).thenComparingLong(Task::seq);

    private final String key;
    private final String mask;
    private long credits;
    /** Volatile rather than read under the lock: every authenticated request reads it, and one token's pollers queued on the monitor. */
    private volatile boolean enabled = true;

    private final ArrayDeque<Task> waiting = new ArrayDeque<>();
    private final PriorityQueue<Task> running = new PriorityQueue<>(BY_END);
    private final PriorityQueue<Task> unsettled = new PriorityQueue<>(BY_END);
    /** No waiting task can start before this: slots given up when {@code maxProcessing} was lowered. */
    private long slotFloor = Long.MIN_VALUE;
    private final Map<String, List<Task>> byFamily = new HashMap<>();
    /** Until when an advance with this {@code maxProcessing} would change nothing; replaced as a whole. */
    private volatile Quiet quiet = Quiet.UNKNOWN;

    private record Quiet(long until, int maxProcessing) {
        static final Quiet UNKNOWN = new Quiet(Long.MIN_VALUE, -1);
    }

    Account(String key, String mask, long credits) {
        this.key = key;
        this.mask = mask;
        this.credits = credits;
    }

    /** SHA-256 of the token: names the account in the state journal. */
    public String key() {
        return key;
    }

    /** The masked token ({@code sk_test_…ab12}). */
    public String mask() {
        return mask;
    }

    /** Credits as last settled; {@link TaskStore#credits} settles first. */
    public synchronized long credits() {
        return credits;
    }

    public boolean enabled() {
        return enabled;
    }

    void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    synchronized void setCredits(long credits) {
        this.credits = credits;
    }

    /** Charges or refunds; the caller checks that the balance stays non-negative. */
    synchronized void adjustCredits(long delta) {
        this.credits += delta;
    }

    /**
     * Whether {@link #advance} to {@code now} would change nothing, so that tasks may be read as they
     * are without the lock. Safe without it: the horizon is published after the changes it covers.
     */
    boolean quietAt(long now, int maxProcessing) {
        Quiet q = quiet;
        return now < q.until() && q.maxProcessing() == maxProcessing;
    }

    /** Forgets the horizon: called under the lock before a change the horizon did not foresee. */
    synchronized void expectChange() {
        quiet = Quiet.UNKNOWN;
    }

    /**
     * Plays the schedule forward to {@code now}: gives free slots to waiting tasks in order, times out
     * tasks that cannot start before their deadline, and settles (refunds) tasks that ended.
     */
    synchronized void advance(long now, int maxProcessing, TaskEvents events) {
        if (quietAt(now, maxProcessing)) {
            return;
        }
        long nextChange = Long.MAX_VALUE;
        while (!waiting.isEmpty()) {
            Task next = waiting.peekFirst();
            while (running.size() > maxProcessing) {
                slotFloor = Math.max(slotFloor, running.poll().endAt());
            }
            long slotFree = running.size() < maxProcessing ? slotFloor : Math.max(slotFloor, running.peek().endAt());
            long start = Math.max(next.readyAt(), slotFree);
            if (start >= next.deadline()) {
                if (next.deadline() > now) {
                    nextChange = next.deadline();
                    break;
                }
                waiting.pollFirst();
                next.schedule(-1, next.deadline(), true);
                unsettled.add(next);
                events.taskScheduled(next);
                continue;
            }
            if (start > now) {
                nextChange = start;
                break;
            }
            if (running.size() >= maxProcessing) {
                running.poll();
            }
            waiting.pollFirst();
            long end = start + next.plan().durationMillis();
            boolean timedOut = end > next.deadline();
            next.schedule(start, timedOut ? next.deadline() : end, timedOut);
            running.add(next);
            unsettled.add(next);
            events.taskScheduled(next);
        }
        while (!unsettled.isEmpty() && unsettled.peek().endAt() <= now) {
            settle(unsettled.poll(), events);
        }
        if (!unsettled.isEmpty()) {
            nextChange = Math.min(nextChange, unsettled.peek().endAt());
        }
        quiet = new Quiet(nextChange, maxProcessing);
    }

    private void settle(Task task, TaskEvents events) {
        task.markSettled();
        if (task.fails()) {
            credits += task.cost();
        }
        events.taskSettled(task);
    }

    synchronized void add(Task task) {
        quiet = Quiet.UNKNOWN;
        waiting.addLast(task);
        byFamily.computeIfAbsent(task.family().name(), k -> new ArrayList<>()).add(task);
    }

    /** Removes a task that has not started processing (initialized) or has settled. */
    synchronized void remove(Task task) {
        quiet = Quiet.UNKNOWN;
        task.markDeleted();
        waiting.remove(task);
        byFamily.getOrDefault(task.family().name(), List.of()).remove(task);
    }

    /** This account's tasks of one family in creation order; only read under the account lock. */
    synchronized List<Task> tasks(String family) {
        return byFamily.getOrDefault(family, List.of());
    }

    /** Every task of this account; only read under the account lock. */
    synchronized List<Task> allTasks() {
        List<Task> all = new ArrayList<>();
        byFamily.values().forEach(all::addAll);
        return all;
    }

    // The state journal restores a schedule exactly as it was decided before a restart.

    synchronized void restoreScheduled(Task task) {
        quiet = Quiet.UNKNOWN;
        waiting.remove(task);
        if (!task.settled()) {
            if (task.processingStart() >= 0) {
                running.add(task);
            }
            unsettled.add(task);
        }
    }

    synchronized void restoreSettled(Task task) {
        quiet = Quiet.UNKNOWN;
        unsettled.remove(task);
        running.remove(task);
        if (task.fails()) {
            credits += task.cost();
        }
        task.markSettled();
    }

    @Override
    public String toString() {
        return "Account[" + mask + "]";
    }
}

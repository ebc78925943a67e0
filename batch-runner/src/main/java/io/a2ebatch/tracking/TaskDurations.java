package io.a2ebatch.tracking;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.a2ebatch.spec.family.TaskFamily;

/**
 * How long the tasks of each family took to complete as this run saw them, and from that when the tasks
 * still in flight should all have ended. A task's time runs from its submission (when the runner learnt its
 * id) to the answer that showed it completed; the shortest such time of a family is its estimate, since
 * every observed time is the task's own plus however long it waited for a poll. Failed tasks are left out:
 * a provider that refuses a task at once says nothing about how long one takes.
 * <p>
 * The tracker polls once more at that moment, when no more tasks are started: the run's end then follows
 * its last task instead of the poll interval's next tick. Used by the tracker thread only.
 */
final class TaskDurations {

    /**
     * Added to an estimate before polling at it, at least {@code MIN_MARGIN}: tasks of one family vary a
     * little, and a poll that comes a moment too early costs a request (the poll interval's rounds keep
     * their times). The estimate itself errs late: it includes the shortest wait for a poll seen.
     */
    static final int MARGIN_PERCENT = 1;
    static final Duration MIN_MARGIN = Duration.ofMillis(5);

    private final Map<TaskFamily, Duration> shortest = new HashMap<>();

    /** A task of {@code family} submitted at {@code submittedAt} was seen completed at {@code seenAt}. */
    void completed(TaskFamily family, Instant submittedAt, Instant seenAt) {
        Duration took = Duration.between(submittedAt, seenAt);
        if (!took.isNegative()) {
            shortest.merge(family, took, (a, b) -> a.compareTo(b) <= 0 ? a : b);
        }
    }

    /** The estimate of {@code family}'s tasks: the shortest time seen, if one was. */
    Optional<Duration> estimate(TaskFamily family) {
        return Optional.ofNullable(shortest.get(family));
    }

    /**
     * When every task of {@code tasks} should have ended, margin included: none when one of them belongs to
     * a family with no completed task yet, or when there are none.
     */
    Optional<Instant> allEndedBy(Iterable<InFlightTask> tasks) {
        Instant latest = null;
        for (InFlightTask task : tasks) {
            Duration estimate = shortest.get(task.family());
            if (estimate == null) {
                return Optional.empty();
            }
            Instant due = task.submittedAt().plus(estimate).plus(margin(estimate));
            if (latest == null || due.isAfter(latest)) {
                latest = due;
            }
        }
        return Optional.ofNullable(latest);
    }

    static Duration margin(Duration estimate) {
        Duration share = estimate.multipliedBy(MARGIN_PERCENT).dividedBy(100);
        return share.compareTo(MIN_MARGIN) > 0 ? share : MIN_MARGIN;
    }
}

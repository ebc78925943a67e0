package io.a2ebatch.simulator.internal.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.TaskFamily;
import io.a2ebatch.spec.family.TaskState;
import org.junit.jupiter.api.Test;

/** The per-account schedule, without HTTP: slots in creation order, timeouts, settlement. */
class TaskStoreTest {

    private static final TaskFamily FAMILY = FamilyCatalog.bundled().require("userUpscale");
    private static final TaskStore.StartTerms TERMS = new TaskStore.StartTerms(100, 60_000, 10);
    private static final Failure BROKEN = new Failure("GENERATION_FAILED", "broken");

    private final AtomicInteger ids = new AtomicInteger();
    private final TaskStore store = new TaskStore(() -> String.format("%024x", ids.incrementAndGet()));
    private final Account account = store.openAccount("key", "sk_test_…key", 1_000);

    private String start(long now, long duration, Failure failure, int maxProcessing) throws InsufficientCreditsException {
        return store.create(account, FAMILY, "t", "{}".getBytes(), new TaskPlan(duration, failure), now, maxProcessing,
                TERMS).id();
    }

    private TaskState state(String id, long now, int maxProcessing) {
        return store.view(account, FAMILY, id, now, maxProcessing).orElseThrow().state();
    }

    @Test
    void givesSlotsInCreationOrder() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(start(i, 1_000, null, 2));
        }

        assertThat(ids).extracting(id -> state(id, 400, 2))
                .containsExactly(TaskState.PROCESSING, TaskState.PROCESSING, TaskState.PENDING, TaskState.PENDING);
        assertThat(ids).extracting(id -> state(id, 1_300, 2))
                .containsExactly(TaskState.COMPLETED, TaskState.PROCESSING, TaskState.PROCESSING, TaskState.PENDING);
        assertThat(ids).extracting(id -> state(id, 1_301, 2))
                .containsExactly(TaskState.COMPLETED, TaskState.COMPLETED, TaskState.PROCESSING, TaskState.PROCESSING);
    }

    @Test
    void waitsForRunningTasksWhenTheCapIsLowered() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(start(0, 1_000, null, 3));
        }
        String late = start(0, 1_000, null, 3);
        assertThat(state(ids.get(2), 300, 3)).isEqualTo(TaskState.PROCESSING);

        assertThat(state(late, 1_299, 1)).isEqualTo(TaskState.PENDING);
        assertThat(state(late, 1_300, 1)).isEqualTo(TaskState.PROCESSING);
        assertThat(state(late, 2_300, 1)).isEqualTo(TaskState.COMPLETED);
    }

    @Test
    void readsBetweenScheduleChangesNeitherAdvanceTheAccountNorMissAChangeThatIsDue() throws Exception {
        List<String> scheduled = new ArrayList<>();
        store.events(new TaskEvents() {
            @Override
            public void taskScheduled(Task task) {
                scheduled.add(task.id());
            }
        });
        String first = start(0, 1_000, null, 1);
        String second = start(0, 1_000, null, 1);
        assertThat(state(first, 300, 1)).isEqualTo(TaskState.PROCESSING);
        assertThat(scheduled).containsExactly(first);

        // Nothing is due before the first task ends at 1,300: reads see the schedule as it is.
        assertThat(store.views(account, FAMILY, List.of(first, second), 1_299, 1))
                .extracting(TaskView::state).containsExactly(TaskState.PROCESSING, TaskState.PENDING);
        assertThat(account.quietAt(1_299, 1)).isTrue();
        assertThat(scheduled).containsExactly(first);

        // At 1,300 a slot frees up: the read plays the schedule forward first, as a locked read did.
        assertThat(store.views(account, FAMILY, List.of(first, second), 1_300, 1))
                .extracting(TaskView::state).containsExactly(TaskState.COMPLETED, TaskState.PROCESSING);
        assertThat(scheduled).containsExactly(first, second);
    }

    @Test
    void aNewTaskOrAnotherCapEndsTheQuietPeriod() throws Exception {
        String first = start(0, 10_000, null, 2);
        assertThat(state(first, 300, 2)).isEqualTo(TaskState.PROCESSING);
        assertThat(account.quietAt(5_000, 2)).isTrue();
        assertThat(account.quietAt(5_000, 1)).isFalse();

        String second = start(400, 10_000, null, 2);

        assertThat(account.quietAt(5_000, 2)).isFalse();
        assertThat(state(second, 700, 2)).isEqualTo(TaskState.PROCESSING);
    }

    @Test
    void refundsFailuresWhenTheyEndAndNeverTwice() throws Exception {
        start(0, 500, BROKEN, 1);
        assertThat(store.credits(account, 799, 1)).isEqualTo(990);
        assertThat(store.credits(account, 800, 1)).isEqualTo(1_000);
        assertThat(store.credits(account, 5_000, 1)).isEqualTo(1_000);
    }

    @Test
    void refusesAStartItCannotPayFor() {
        store.setCredits(account, 9);

        assertThatThrownBy(() -> start(0, 500, null, 1)).isInstanceOf(InsufficientCreditsException.class)
                .satisfies(e -> assertThat(((InsufficientCreditsException) e).available()).isEqualTo(9));
        assertThat(store.tasksCreated()).isZero();
    }

    @Test
    void reportsEveryChangeInOrder() throws Exception {
        List<String> events = new ArrayList<>();
        store.events(new TaskEvents() {
            @Override
            public void taskCreated(Task task) {
                events.add("created " + task.id());
            }

            @Override
            public void taskScheduled(Task task) {
                events.add("scheduled " + task.id() + " at " + task.processingStart());
            }

            @Override
            public void taskSettled(Task task) {
                events.add("settled " + task.id());
            }

            @Override
            public void taskDeleted(Task task, long refund) {
                events.add("deleted " + task.id() + " refund " + refund);
            }
        });
        String id = start(0, 100, null, 1);
        String gone = start(0, 100, null, 1);
        store.delete(account, FAMILY, gone, 50, 1);
        store.view(account, FAMILY, id, 1_000, 1);

        assertThat(events).containsExactly("created " + id, "created " + gone, "deleted " + gone + " refund 10",
                "scheduled " + id + " at 300", "settled " + id);
    }
}

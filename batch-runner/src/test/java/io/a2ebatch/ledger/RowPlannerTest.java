package io.a2ebatch.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class RowPlannerTest {

    private static final RowPlanner.Incoming ROW = new RowPlanner.Incoming("k1", 2, "userText2Image",
            "{\"prompt\":\"a red fox\",\"width\":512}");
    private static final RowPlanner.Incoming EDITED = new RowPlanner.Incoming("k1", 3, "userText2Image",
            "{\"prompt\":\"a blue fox\",\"width\":512}");

    private final RowPlanner planner = new RowPlanner(RowPlanner.Options.DEFAULT);

    private static LedgerRow inLedger(RowState state, String taskId) {
        return new LedgerRow("k1", 2, ROW.family(), ROW.request(), ROW.fingerprint(), state, "k1 [a2e 0000abcd]",
                taskId, 1, null, null, null, 1, Instant.EPOCH, null, null, 1, Plan.NEW, null, LedgerRow.Download.NONE);
    }

    @Test
    void fingerprintIgnoresTheOrderOfTheFieldsButNotTheirValues() {
        assertThat(RowPlanner.fingerprint("userText2Image", "{\"width\":512,\"prompt\":\"a red fox\"}"))
                .isEqualTo(ROW.fingerprint()).hasSize(32);
        assertThat(EDITED.fingerprint()).isNotEqualTo(ROW.fingerprint());
        assertThat(RowPlanner.fingerprint("userImage2Video", ROW.request())).isNotEqualTo(ROW.fingerprint());
    }

    @Test
    void keepsFollowsAndSendsRowsWhoseRequestDidNotChange() {
        assertThat(planner.decide(ROW, null, 2).plan()).isEqualTo(Plan.NEW);
        assertThat(planner.decide(ROW, inLedger(RowState.COMPLETED, "t1"), 2).plan()).isEqualTo(Plan.KEEP);
        assertThat(planner.decide(ROW, inLedger(RowState.SUBMITTED, "t1"), 2).plan()).isEqualTo(Plan.FOLLOW);
        assertThat(planner.decide(ROW, inLedger(RowState.SUBMITTING, null), 2).plan()).isEqualTo(Plan.FOLLOW);
        assertThat(planner.decide(ROW, inLedger(RowState.PENDING, null), 2).plan()).isEqualTo(Plan.SEND);
        assertThat(planner.decide(ROW, inLedger(RowState.WITHDRAWN, null), 2).plan()).isEqualTo(Plan.SEND);
        assertThat(planner.decide(ROW, inLedger(RowState.FAILED, "t1"), 2).plan()).isEqualTo(Plan.KEEP);
    }

    @Test
    void holdsAChangedRowWhoseTaskExistsAndNamesTheChangedFields() {
        RowPlanner.Decision d = planner.decide(EDITED, inLedger(RowState.COMPLETED, "t1"), 2);
        assertThat(d.plan()).isEqualTo(Plan.CHANGED_HELD);
        assertThat(d.after().changedFields()).isEqualTo("prompt");
        assertThat(d.after().request()).as("the request its task was made with").isEqualTo(ROW.request());
        assertThat(d.after().taskId()).isEqualTo("t1");
        assertThat(d.after().line()).isEqualTo(3);
        assertThat(planner.decide(EDITED, inLedger(RowState.SUBMITTED, "t1"), 2).plan()).isEqualTo(Plan.CHANGED_HELD);
    }

    @Test
    void sendsAChangedRowThatNeverGotATaskAsItNowReads() {
        RowPlanner.Decision d = planner.decide(EDITED, inLedger(RowState.PENDING, null), 2);
        assertThat(d.plan()).isEqualTo(Plan.SEND);
        assertThat(d.after().request()).isEqualTo(EDITED.request());
        assertThat(planner.decide(EDITED, inLedger(RowState.FAILED, null), 2).plan())
                .as("A2E refused its start, so no task exists").isEqualTo(Plan.SEND);
    }

    @Test
    void resubmitsAsANewAttemptOnlyWhenAsked() {
        RowPlanner retrying = new RowPlanner(new RowPlanner.Options(true, false));
        RowPlanner.Decision retry = retrying.decide(ROW, inLedger(RowState.FAILED, "t1"), 2);
        assertThat(retry.plan()).isEqualTo(Plan.RETRY);
        assertThat(retry.after().taskAttempt()).isEqualTo(2);
        assertThat(retry.after().state()).isEqualTo(RowState.PENDING);
        assertThat(retry.after().taskId()).isNull();
        assertThat(retry.supersededTaskId()).isEqualTo("t1");
        assertThat(retrying.decide(ROW, inLedger(RowState.COMPLETED, "t1"), 2).plan()).isEqualTo(Plan.KEEP);

        RowPlanner resubmitting = new RowPlanner(new RowPlanner.Options(false, true));
        RowPlanner.Decision resubmit = resubmitting.decide(EDITED, inLedger(RowState.COMPLETED, "t1"), 2);
        assertThat(resubmit.plan()).isEqualTo(Plan.RESUBMIT);
        assertThat(resubmit.after().request()).isEqualTo(EDITED.request());
        assertThat(resubmitting.decide(EDITED, inLedger(RowState.SUBMITTED, "t1"), 2).plan())
                .as("a task in flight is never replaced").isEqualTo(Plan.CHANGED_HELD);
    }
}

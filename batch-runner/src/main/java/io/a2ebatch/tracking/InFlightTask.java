package io.a2ebatch.tracking;

import java.time.Instant;

import io.a2ebatch.ledger.LedgerRow;
import io.a2ebatch.throttle.InFlightLimiter;
import io.a2ebatch.spec.family.TaskFamily;

/**
 * A task A2E is working on for a row.
 *
 * @param row         the row (as it was when the task id was recorded)
 * @param family      its family
 * @param taskId      the A2E task id
 * @param submittedAt when the id was recorded; the max-wait clock starts here
 * @param permit      its place in flight, owned by the tracker from now on and released when it ends
 */
public record InFlightTask(LedgerRow row, TaskFamily family, String taskId, Instant submittedAt,
                           InFlightLimiter.Permit permit) {
}

package io.a2ebatch.callback;

import java.util.Optional;

import io.a2ebatch.ledger.Ledger;
import io.a2ebatch.ledger.LedgerRow;
import io.a2ebatch.run.RunCounters;
import io.a2ebatch.run.RunPass;
import io.a2ebatch.spec.SpecJson;
import io.a2ebatch.spec.family.CallbackShape;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.submit.CallbackUrls;
import io.a2ebatch.submit.Submitter;
import io.a2ebatch.tracking.Tracker;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * What the runner does with a callback, apart from HTTP. The URL must be one this run signed
 * ({@link CallbackUrls}): a wrong signature is refused with 403, another run's or an unknown row's with
 * 404, a payload without a task id with 400; every refusal is counted. The payload's task id is read
 * where the provider's descriptor says ({@link CallbackShape}: kie.ai's {@code taskId}, or
 * {@code data.task_id} as its sample code reads). Then:
 * <ul>
 *   <li>a row in flight with that task: the tracker reads the task at once (the callback is a hint;
 *       the task's record decides);</li>
 *   <li>a row whose start is in doubt (or still in progress): the callback names its task, which
 *       settles it once read and checked ({@link Submitter#settleFromCallback}); a task that is not
 *       the row's is refused with 403;</li>
 *   <li>a row already final, or a task already called back: a duplicate, acknowledged and counted.</li>
 * </ul>
 * Answers are 200 for everything accepted, so the provider stops retrying.
 */
public final class CallbackInbox {

    private final RunPass pass;
    private final Ledger ledger;
    private final FamilyCatalog catalog;
    private final CallbackUrls urls;
    private final Submitter submitter;
    private final Tracker tracker;
    private final RunCounters counters;

    public CallbackInbox(RunPass pass, Ledger ledger, FamilyCatalog catalog, CallbackUrls urls, Submitter submitter,
                         Tracker tracker, RunCounters counters) {
        this.pass = pass;
        this.ledger = ledger;
        this.catalog = catalog;
        this.urls = urls;
        this.submitter = submitter;
        this.tracker = tracker;
        this.counters = counters;
    }

    /**
     * The answer to one callback.
     *
     * @param status  HTTP status
     * @param message why, for the provider's logs and ours
     */
    public record Answer(int status, String message) {
    }

    /** Handles one POSTed callback: its URL's raw query and its body. */
    public Answer receive(String rawQuery, String body) {
        CallbackUrls.Verdict verdict = urls.check(rawQuery);
        if (verdict instanceof CallbackUrls.Verdict.Forged forged) {
            return refuse(403, forged.reason());
        }
        if (verdict instanceof CallbackUrls.Verdict.Stray stray) {
            return refuse(404, stray.reason());
        }
        String key = ((CallbackUrls.Verdict.Row) verdict).key();
        LedgerRow row = ledger.row(pass, key);
        if (row == null) {
            return refuse(404, "no row '" + key + "' in this run");
        }
        Optional<CallbackShape> shape = catalog.require(row.family()).provider().callbacks();
        if (shape.isEmpty()) {
            return refuse(404, "row '" + key + "' is of a provider that does not call back");
        }
        JsonNode payload;
        try {
            payload = SpecJson.MAPPER.readTree(body);
        } catch (JacksonException e) {
            return refuse(400, "the body is not JSON");
        }
        Optional<String> taskId = payload == null ? Optional.empty() : shape.get().taskId(payload);
        if (taskId.isEmpty()) {
            return refuse(400, "the payload names no task (" + String.join(", ", shape.get().taskIdPaths()) + ")");
        }
        return switch (row.state()) {
            case SUBMITTED -> {
                if (!taskId.get().equals(row.taskId())) {
                    yield refuse(404, "row '" + key + "' follows task " + row.taskId() + ", not " + taskId.get());
                }
                yield accept(tracker.hint(taskId.get()));
            }
            case SUBMITTING -> switch (submitter.settleFromCallback(key, taskId.get())) {
                case SETTLED, NOTED -> accept(true);
                case REPEATED -> accept(false);
                case REFUSED -> refuse(403, "task " + taskId.get() + " is not row '" + key + "''s task");
            };
            case COMPLETED, FAILED, TIMED_OUT -> accept(false);
            default -> refuse(404, "row '" + key + "' is " + row.state().label() + ", with no task to call back");
        };
    }

    /** A callback of this run about one of its rows' tasks; {@code news} false counts it as a duplicate. */
    private Answer accept(boolean news) {
        counters.callbacksAccepted.incrementAndGet();
        if (!news) {
            counters.callbacksDuplicate.incrementAndGet();
        }
        return new Answer(200, "received");
    }

    private Answer refuse(int status, String reason) {
        counters.callbacksRefused.incrementAndGet();
        return new Answer(status, reason);
    }
}

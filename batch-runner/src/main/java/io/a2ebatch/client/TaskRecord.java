package io.a2ebatch.client;

import java.time.Instant;
import java.util.Optional;

import io.a2ebatch.spec.family.ResultFields;
import io.a2ebatch.spec.family.TaskFamily;
import io.a2ebatch.spec.family.TaskState;
import tools.jackson.databind.JsonNode;

/**
 * What the runner reads of a task record (the {@code data} of start / detail / record-info, an element
 * of batchDetail and list), through the field names of the task's family and its provider's
 * {@link io.a2ebatch.spec.family.StatusRule}.
 *
 * @param id            task id
 * @param name          task name, empty if none
 * @param state         lifecycle state
 * @param rawStatus     the status string as sent, for messages about unknown states
 * @param resultUrl     result URL, empty until completed
 * @param failedMessage failure reason, empty unless failed
 * @param failedCode    failure code, empty unless failed
 * @param coins         credits charged, if reported
 * @param createdAtText creation time as sent, empty if not reported; {@link #createdAt()} reads it
 * @param data          the whole record, for matching on echoed request fields
 */
public record TaskRecord(String id, String name, TaskState state, String rawStatus, String resultUrl,
                         String failedMessage, String failedCode, Optional<Long> coins,
                         String createdAtText, JsonNode data) {

    /** Reads a record with the family's field names and its provider's status rule. */
    public static TaskRecord read(JsonNode data, TaskFamily family) {
        ResultFields fields = family.fields();
        JsonNode coins = ResultFields.node(data, fields.coins());
        return new TaskRecord(text(data, fields.id()), text(data, fields.name()), family.state(data),
                family.provider().status().raw(data, fields),
                text(data, fields.resultUrl()), text(data, fields.failedMessage()), text(data, fields.failedCode()),
                coins != null && coins.canConvertToLong() ? Optional.of(coins.asLong()) : Optional.empty(),
                text(data, fields.createdAt()), data);
    }

    /**
     * The creation time, if reported and readable. Read when asked, not with the record: only a look-up
     * needs it, and parsing it for every start and poll answer took 2 % of a 10,000-row run's CPU.
     */
    public Optional<Instant> createdAt() {
        try {
            return createdAtText.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(createdAtText));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String text(JsonNode data, String field) {
        return ResultFields.text(data, field);
    }
}

package io.a2ebatch.client;

import java.time.Instant;
import java.util.Optional;

import io.a2ebatch.spec.family.ResultFields;
import io.a2ebatch.spec.family.TaskState;
import tools.jackson.databind.JsonNode;

/**
 * What the runner reads of an A2E task record (the {@code data} of start / detail, an element of
 * batchDetail and list), through the field names of the task's family.
 *
 * @param id            task id
 * @param name          task name, empty if none
 * @param state         lifecycle state
 * @param rawStatus     the status string as sent, for messages about unknown states
 * @param resultUrl     result URL, empty until completed
 * @param failedMessage failure reason, empty unless failed
 * @param failedCode    failure code, empty unless failed
 * @param coins         credits charged, if reported
 * @param createdAt     creation time, if reported and readable
 * @param data          the whole record, for matching on echoed request fields
 */
public record TaskRecord(String id, String name, TaskState state, String rawStatus, String resultUrl,
                         String failedMessage, String failedCode, Optional<Long> coins,
                         Optional<Instant> createdAt, JsonNode data) {

    /** Reads a record with the family's field names. */
    public static TaskRecord read(JsonNode data, ResultFields fields) {
        String status = text(data, fields.status());
        JsonNode coins = data.get(fields.coins());
        return new TaskRecord(text(data, fields.id()), text(data, fields.name()), TaskState.fromWire(status), status,
                text(data, fields.resultUrl()), text(data, fields.failedMessage()), text(data, fields.failedCode()),
                coins != null && coins.canConvertToLong() ? Optional.of(coins.asLong()) : Optional.empty(),
                instant(text(data, fields.createdAt())), data);
    }

    private static String text(JsonNode data, String field) {
        JsonNode v = data.get(field);
        return v == null || v.isNull() ? "" : v.isString() ? v.stringValue() : v.toString();
    }

    private static Optional<Instant> instant(String text) {
        try {
            return text.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(text));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}

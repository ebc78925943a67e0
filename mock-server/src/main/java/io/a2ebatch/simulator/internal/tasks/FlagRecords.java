package io.a2ebatch.simulator.internal.tasks;

import java.nio.charset.StandardCharsets;

import io.a2ebatch.simulator.internal.http.Json;
import io.a2ebatch.simulator.internal.lifecycle.TaskView;
import io.a2ebatch.spec.family.ResultFields;
import io.a2ebatch.spec.family.StatusRule;
import io.a2ebatch.spec.family.TaskState;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Records of a provider whose {@link StatusRule.SuccessFlag success-flag rule} tells a task's state
 * (kie.ai's record-info): the flag is the success value once the task completed and {@code 0} both
 * while it runs and after it failed; the failure code ({@value #FAILED_CODE}, as the callbacks page's
 * failure example) and message, the completion time and the result URLs tell those apart. Field names
 * come from the family's {@link ResultFields} and the rule (dotted names are nested objects); beside
 * them a record carries the start request as a JSON string ({@value #PARAMS}) and, once completed, a
 * thumbnail URL ({@value #THUMBNAIL}) and the task id next to the result. A start is answered with the
 * task id only.
 */
final class FlagRecords implements RecordWriter {

    /** The failure code of a failed task. */
    static final int FAILED_CODE = 400;
    /** The start request, as a JSON string. */
    static final String PARAMS = "paramJson";
    /** The thumbnail's URL, beside the result URL. */
    static final String THUMBNAIL = "resultImageUrl";

    private final ResultFiles files;

    FlagRecords(ResultFiles files) {
        this.files = files;
    }

    @Override
    public JsonNode render(TaskView task, String baseUrl) {
        ResultFields f = task.family().fields();
        StatusRule.SuccessFlag rule = (StatusRule.SuccessFlag) task.family().provider().status();
        boolean completed = task.state() == TaskState.COMPLETED;
        boolean failed = task.state() == TaskState.FAILED;
        ObjectNode record = Json.MAPPER.createObjectNode();
        record.put(f.id(), task.id());
        record.put(PARAMS, new String(task.body(), StandardCharsets.UTF_8));
        if (completed) {
            String resultUrl = files.url(baseUrl, task.family(), task.id());
            ObjectNode result = parentOf(record, f.resultUrl());
            result.put(f.id(), task.id());
            result.put(leaf(f.resultUrl()), resultUrl);
            result.put(THUMBNAIL, files.thumbnailUrl(baseUrl, task.id()));
        } else {
            putNullAt(record, f.resultUrl());
        }
        if (completed || failed) {
            record.put(rule.completedField(), Json.iso(task.updatedAt()));
        } else {
            record.putNull(rule.completedField());
        }
        record.put(f.createdAt(), Json.iso(task.createdAt()));
        record.put(f.status(), completed ? Integer.parseInt(rule.successValue()) : 0);
        record.put(f.failedCode(), failed ? FAILED_CODE : 0);
        record.put(f.failedMessage(), failed && task.failure() != null ? task.failure().message() : "");
        return record;
    }

    @Override
    public JsonNode started(TaskView task, String baseUrl) {
        return Json.MAPPER.createObjectNode().put(task.family().fields().id(), task.id());
    }

    /** The object holding a dotted name's last part, created as needed ({@code response} of {@code response.resultVideoUrl}). */
    private static ObjectNode parentOf(ObjectNode record, String path) {
        ObjectNode node = record;
        String[] parts = path.split("\\.");
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            node = child instanceof ObjectNode object ? object : node.putObject(parts[i]);
        }
        return node;
    }

    /** {@code null} at a dotted name's first part: the whole nested object is absent until it is set. */
    private static void putNullAt(ObjectNode record, String path) {
        int dot = path.indexOf('.');
        record.putNull(dot < 0 ? path : path.substring(0, dot));
    }

    private static String leaf(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }
}

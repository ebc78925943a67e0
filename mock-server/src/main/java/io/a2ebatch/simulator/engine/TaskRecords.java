package io.a2ebatch.simulator.engine;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.a2ebatch.simulator.lifecycle.TaskView;
import io.a2ebatch.spec.family.ResultFields;
import io.a2ebatch.spec.family.TaskFamily;
import io.a2ebatch.spec.family.TaskState;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Renders a task as A2E shows it (the {@code data} of start and detail, the elements of batchDetail
 * and list): {@code _id}, {@code name}, the start request's fields, {@code current_status},
 * {@code coins}, {@code createdAt}, {@code updatedAt} and the family's failure and result fields,
 * empty strings until set. Field names come from the family's {@link ResultFields}.
 */
public final class TaskRecords {

    /** Not a {@link ResultFields} name, but on every record the doc pages show. */
    public static final String UPDATED_AT = "updatedAt";

    private final ResultFiles files;
    private final Map<String, Set<String>> recordFieldsByFamily = new ConcurrentHashMap<>();

    public TaskRecords(ResultFiles files) {
        this.files = files;
    }

    /** Names the record sets itself; a start request's field of the same name is not echoed. */
    private Set<String> recordFields(TaskFamily family) {
        return recordFieldsByFamily.computeIfAbsent(family.name(), k -> {
            ResultFields f = family.fields();
            return new HashSet<>(List.of(f.id(), f.name(), f.status(), f.coins(), f.createdAt(), UPDATED_AT,
                    f.failedMessage(), f.failedCode(), f.resultUrl()));
        });
    }

    /**
     * The record of {@code task}.
     *
     * @param baseUrl where result files are served ({@code http://host:port})
     */
    public ObjectNode render(TaskView task, String baseUrl) {
        ResultFields f = task.family().fields();
        Set<String> recordFields = recordFields(task.family());
        ObjectNode record = Json.MAPPER.createObjectNode();
        record.put(f.id(), task.id());
        record.put(f.name(), task.name());
        JsonNode input = Json.MAPPER.readTree(task.body());
        for (var field : input.properties()) {
            if (!recordFields.contains(field.getKey())) {
                record.set(field.getKey(), field.getValue());
            }
        }
        record.put(f.status(), task.state().wire());
        record.put(f.coins(), task.coins());
        record.put(f.createdAt(), Json.iso(task.createdAt()));
        record.put(UPDATED_AT, Json.iso(task.updatedAt()));
        record.put(f.failedMessage(), task.failure() == null ? "" : task.failure().message());
        record.put(f.failedCode(), task.failure() == null ? "" : task.failure().code());
        record.put(f.resultUrl(), task.state() == TaskState.COMPLETED
                ? files.url(baseUrl, task.family(), task.id()) : "");
        return record;
    }
}

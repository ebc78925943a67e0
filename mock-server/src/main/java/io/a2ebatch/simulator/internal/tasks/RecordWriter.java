package io.a2ebatch.simulator.internal.tasks;

import io.a2ebatch.simulator.internal.lifecycle.TaskView;
import tools.jackson.databind.JsonNode;

/** Writes a family's task records as its provider shows them. */
public interface RecordWriter {

    /** The record of {@code task}, as detail (and batchDetail, list) answer it. */
    JsonNode render(TaskView task, String baseUrl);

    /** The {@code data} of the start answer: the whole record unless the provider answers with less. */
    default JsonNode started(TaskView task, String baseUrl) {
        return render(task, baseUrl);
    }
}

package io.a2ebatch.simulator.internal.tasks;

import io.a2ebatch.simulator.internal.lifecycle.TaskView;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;

/** Writes a family's task records as its provider shows them. */
public interface RecordWriter {

    /** The record of {@code task}, as detail (and batchDetail, list) answer it. */
    JsonNode render(TaskView task, String baseUrl);

    /**
     * Writes the record of {@code task} to an answer being written: the same JSON as {@link #render}, which
     * a writer may produce without building it first.
     */
    default void write(TaskView task, String baseUrl, JsonGenerator json) {
        json.writeTree(render(task, baseUrl));
    }

    /** The {@code data} of the start answer: the whole record unless the provider answers with less. */
    default JsonNode started(TaskView task, String baseUrl) {
        return render(task, baseUrl);
    }
}

package io.a2ebatch.simulator.internal.tasks;

import java.util.List;

import io.a2ebatch.simulator.internal.http.Json;
import io.a2ebatch.simulator.internal.lifecycle.TaskView;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JacksonSerializable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.jsontype.TypeSerializer;

/**
 * A JSON array of task records (batchDetail's {@code data}, a list's page) that its writer writes straight
 * into the answer when the answer is written, instead of a node per record first: a poll answer has a
 * hundred of them.
 *
 * @param writer  the records' writer
 * @param tasks   the tasks, as seen when the request was answered
 * @param baseUrl where result files are served
 */
record RecordArray(RecordWriter writer, List<TaskView> tasks, String baseUrl) implements JacksonSerializable {

    /** The array as a node of an answer's tree. */
    JsonNode node() {
        return Json.MAPPER.getNodeFactory().pojoNode(this);
    }

    @Override
    public void serialize(JsonGenerator json, SerializationContext context) {
        json.writeStartArray(this, tasks.size());
        for (TaskView task : tasks) {
            writer.write(task, baseUrl, json);
        }
        json.writeEndArray();
    }

    @Override
    public void serializeWithType(JsonGenerator json, SerializationContext context, TypeSerializer typeSerializer) {
        serialize(json, context);
    }
}

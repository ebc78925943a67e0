package io.a2ebatch.spec.family;

import java.util.List;
import java.util.Optional;

import io.a2ebatch.spec.schema.ObjectSchema;

/**
 * One asynchronous A2E task family (image-to-video, face swap, head swap ...), described entirely
 * by data derived from the spec: where to start a task, read one or many, list and delete them,
 * what the start request must look like and which fields of a record hold the outcome.
 *
 * @param name          the spec's path segment, e.g. {@code userImage2Video}
 * @param aliases       other names a manifest may use (case, dashes and underscores ignored)
 * @param start         creates a task
 * @param detail        reads one task by id
 * @param batchDetail   reads many tasks by id in one request, where the family has it
 * @param list          lists the account's tasks, newest first, where the family has it
 * @param delete        deletes a task in a final state, where the family has it
 * @param requestSchema schema of the start request body
 * @param fields        record field names
 */
public record TaskFamily(String name, List<String> aliases, Endpoint start, Endpoint detail,
                         Optional<Endpoint> batchDetail, Optional<Endpoint> list, Optional<Endpoint> delete,
                         ObjectSchema requestSchema, ResultFields fields) {

    public TaskFamily {
        aliases = List.copyOf(aliases);
    }

    /** Whether the start request has a {@code name} field, the handle used to find a task again. */
    public boolean acceptsName() {
        return requestSchema.properties().containsKey("name");
    }

    @Override
    public String toString() {
        return name;
    }
}

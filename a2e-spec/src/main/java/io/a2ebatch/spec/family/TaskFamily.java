package io.a2ebatch.spec.family;

import java.util.List;
import java.util.Optional;

import io.a2ebatch.spec.schema.ObjectSchema;
import tools.jackson.databind.JsonNode;

/**
 * One asynchronous task family of a {@link Provider} (A2E's image-to-video, face swap, head swap ...;
 * kie.ai's Runway Aleph), described entirely by data: where to start a task, read one or many, list
 * and delete them, what the start request must look like and which fields of a record hold the outcome.
 *
 * @param name          the family's name within its provider: A2E's path segment, e.g. {@code userImage2Video};
 *                      {@code aleph}
 * @param aliases       other names a manifest may use (case, dashes and underscores ignored)
 * @param start         creates a task
 * @param detail        reads one task by id (its id in the path or, like Aleph's record-info, in the query)
 * @param batchDetail   reads many tasks by id in one request, where the family has it
 * @param list          lists the account's tasks, newest first, where the family has it
 * @param delete        deletes a task in a final state, where the family has it
 * @param requestSchema schema of the start request body
 * @param fields        record field names
 * @param provider      the provider the family belongs to
 */
public record TaskFamily(String name, List<String> aliases, Endpoint start, Endpoint detail,
                         Optional<Endpoint> batchDetail, Optional<Endpoint> list, Optional<Endpoint> delete,
                         ObjectSchema requestSchema, ResultFields fields, Provider provider) {

    public TaskFamily {
        aliases = List.copyOf(aliases);
    }

    /**
     * The hash of the family's provider id and name. A record's generated hash walks every component, here the
     * whole request schema, and families key the maps a run reads for every task it polls (1 % of a
     * 10,000-row run's CPU went to it). Consistent with {@code equals}: equal families have equal names
     * and providers.
     */
    @Override
    public int hashCode() {
        return 31 * provider.hashCode() + name.hashCode();
    }

    /** Whether the start request has a {@code name} field, the handle used to find a task again. */
    public boolean acceptsName() {
        return requestSchema.properties().containsKey("name");
    }

    /**
     * Whether a task of this family can be found again without its id: its start request carries a
     * name and the family lists its tasks. A start in doubt of a family that cannot is settled only by
     * its callback, or stays in doubt.
     */
    public boolean findableByName() {
        return acceptsName() && list().isPresent();
    }

    /** Whether the provider calls back and the start request has the field for the callback URL. */
    public boolean acceptsCallbacks() {
        return provider.callbacks().map(c -> requestSchema.properties().containsKey(c.requestField())).orElse(false);
    }

    /** {@code kie.aleph}, {@code a2e.userImage2Video}: the family's name qualified by its provider. */
    public String qualifiedName() {
        return provider.id() + "." + name;
    }

    /** The state a task record of this family shows, by the provider's {@link StatusRule}. */
    public TaskState state(JsonNode record) {
        return provider.status().state(record, fields);
    }

    @Override
    public String toString() {
        return name;
    }
}

package io.a2ebatch.manifest;

import java.util.List;

import io.a2ebatch.spec.family.TaskFamily;
import tools.jackson.databind.node.ObjectNode;

/**
 * A row whose start request passes its family's request schema.
 *
 * @param line   physical line where the row starts
 * @param key    the row's key (unique only once checked against the other rows)
 * @param family the A2E task family the {@code type} cell names
 * @param body   the start request: each non-empty field cell converted to the type the schema declares,
 *               plus {@code name} set to the key where the family takes a name and the row gives none;
 *               a new node per row, owned by the caller
 * @param values the raw cells, so that the row can still be rejected as written (a repeated key)
 */
public record ValidRow(long line, String key, TaskFamily family, ObjectNode body, List<String> values)
        implements RowOutcome {
}

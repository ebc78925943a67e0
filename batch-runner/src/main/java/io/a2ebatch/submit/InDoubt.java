package io.a2ebatch.submit;

import java.time.Instant;

import tools.jackson.databind.node.ObjectNode;

/**
 * A row whose start request may have created a task.
 *
 * @param key          row key
 * @param taskName     the name the request carried
 * @param body         the request body as sent (name included where the family takes one)
 * @param submittingAt when the request was about to be sent
 */
public record InDoubt(String key, String taskName, ObjectNode body, Instant submittingAt) {
}

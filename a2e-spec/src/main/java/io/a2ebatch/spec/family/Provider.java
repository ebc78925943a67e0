package io.a2ebatch.spec.family;

import java.net.URI;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

/**
 * An API provider as data: where it is, how it authenticates, how its answers are wrapped, what its
 * error codes mean, how its task records show their state and whether it calls back. Its task
 * families ({@link TaskFamily}) refer to it; every layer reads both, so a further provider is a new
 * descriptor ({@code <id>/provider.json} plus its OpenAPI document), not new code paths.
 *
 * @param id             short id, the prefix of a qualified task type ({@code a2e}, {@code kie})
 * @param displayName    name for people ({@code A2E}, {@code kie.ai})
 * @param defaultBaseUrl where the API is unless configured otherwise
 * @param token          where the API token comes from
 * @param specResource   classpath location of the provider's OpenAPI document
 * @param envelope       where answers keep their status, message and payload
 * @param errors         error codes mapped to decisions
 * @param status         how a task record maps to a {@link TaskState}
 * @param callbacks      how the provider calls back when a task finishes, if it does
 */
public record Provider(String id, String displayName, URI defaultBaseUrl, TokenSource token, String specResource,
                       Envelope envelope, ErrorTable errors, StatusRule status, Optional<CallbackShape> callbacks) {

    /**
     * The hash of the provider's id, not of every component (its tables and rules): see
     * {@link TaskFamily#hashCode()}. Consistent with {@code equals}: equal providers have equal ids.
     */
    @Override
    public int hashCode() {
        return id.hashCode();
    }

    /** Reads one answer with this provider's envelope and error table. */
    public Envelope.Answer read(int httpStatus, JsonNode body) {
        return envelope.read(httpStatus, body, errors);
    }

    @Override
    public String toString() {
        return id;
    }
}

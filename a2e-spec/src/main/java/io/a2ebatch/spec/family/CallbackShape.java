package io.a2ebatch.spec.family;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.a2ebatch.spec.SpecJson;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * How a provider that calls back describes it: the start request's field that carries the callback
 * URL, and where the POSTed payload keeps the task id and the outcome. A callback is a hint that a
 * task finished; the task's record stays the source of truth.
 *
 * @param requestField  start request field holding the URL ({@code callBackUrl})
 * @param taskIdPaths   dotted paths where a payload may name the task, tried in order (kie.ai's
 *                      callbacks page: schema {@code taskId}, sample code {@code data.task_id})
 * @param codeField     the payload's outcome code ({@code code})
 * @param successCodes  codes that mean the task succeeded ({@code 200})
 * @param messageField  the payload's message ({@code msg})
 * @param dataFields    what a success payload's {@code data} holds: its field → the task record's field
 *                      (dotted path) it copies ({@code result_video_url → response.resultVideoUrl}); the
 *                      simulator writes payloads from it
 * @param requestEcho   the task record's field that echoes the start request as JSON text (Aleph's
 *                      {@code paramJson}), empty if none: a callback naming a task whose echoed
 *                      {@code requestField} is not the row's URL is not the row's task
 */
public record CallbackShape(String requestField, List<String> taskIdPaths, String codeField, Set<String> successCodes,
                            String messageField, Map<String, String> dataFields, String requestEcho) {

    public CallbackShape {
        taskIdPaths = List.copyOf(taskIdPaths);
        successCodes = Set.copyOf(successCodes);
        dataFields = Collections.unmodifiableMap(new LinkedHashMap<>(dataFields));
    }

    /**
     * Whether a task record may be the task started with callback URL {@code url}: false only when the
     * record echoes its start request and that request carried another URL (or none).
     */
    public boolean mayBeStartedWith(JsonNode record, String url) {
        JsonNode echo = ResultFields.node(record, requestEcho);
        if (echo == null || echo.isNull()) {
            return true;
        }
        JsonNode request = echo;
        if (echo.isString()) {
            try {
                request = SpecJson.MAPPER.readTree(echo.stringValue());
            } catch (JacksonException unreadable) {
                return true;
            }
        }
        return url.equals(ResultFields.text(request, requestField));
    }

    /** The task a payload names: the first non-blank of {@link #taskIdPaths()}. */
    public Optional<String> taskId(JsonNode payload) {
        for (String path : taskIdPaths) {
            String id = ResultFields.text(payload, path).strip();
            if (!id.isEmpty()) {
                return Optional.of(id);
            }
        }
        return Optional.empty();
    }

    /** Whether a payload reports success. */
    public boolean reportsSuccess(JsonNode payload) {
        return successCodes.contains(ResultFields.text(payload, codeField));
    }

    /** The payload's message, empty if none. */
    public String message(JsonNode payload) {
        return ResultFields.text(payload, messageField);
    }
}

package io.a2ebatch.spec.family;

import tools.jackson.databind.JsonNode;

/**
 * Names of the fields of a task record ({@code data} of detail, batchDetail, list and record-info
 * responses) that a client reads. A name may be a dotted path into nested objects (Aleph's
 * {@code response.resultVideoUrl}); an empty name means the provider's records have no such field.
 * A2E's defaults come from the doc pages; the result field of a family comes from its spec prose
 * where the spec names one (productAvatar: {@code result_image_url}).
 *
 * @param id            task id ({@code _id}; {@code taskId})
 * @param name          task name, empty for a provider whose tasks have none
 * @param status        lifecycle status ({@code current_status}; {@code successFlag}), read by the provider's
 *                      {@link StatusRule}
 * @param resultUrl     URL of the finished media
 * @param failedMessage reason of a failure ({@code failed_message}; {@code faild_message} for face swap,
 *                      as A2E spells it; {@code errorMessage})
 * @param failedCode    code of a failure ({@code failed_code}; {@code error_code} for face swap; {@code errorCode})
 * @param coins         credits charged, empty if not reported
 * @param createdAt     creation time
 */
public record ResultFields(String id, String name, String status, String resultUrl, String failedMessage,
                           String failedCode, String coins, String createdAt) {

    /**
     * The node at a field name or dotted path, or {@code null} if the record has none (or the name is empty).
     */
    public static JsonNode node(JsonNode record, String path) {
        if (path == null || path.isEmpty() || record == null) {
            return null;
        }
        JsonNode current = record;
        int from = 0;
        while (current != null) {
            int dot = path.indexOf('.', from);
            String part = dot < 0 ? path.substring(from) : path.substring(from, dot);
            current = current.isObject() ? current.get(part) : null;
            if (dot < 0) {
                return current;
            }
            from = dot + 1;
        }
        return null;
    }

    /** The text at a field name or dotted path: a string as is, another value as JSON, empty if absent or null. */
    public static String text(JsonNode record, String path) {
        JsonNode v = node(record, path);
        return v == null || v.isNull() ? "" : v.isString() ? v.stringValue() : v.toString();
    }
}

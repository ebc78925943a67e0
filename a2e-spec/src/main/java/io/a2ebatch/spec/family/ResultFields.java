package io.a2ebatch.spec.family;

/**
 * Names of the fields of a task record ({@code data} of detail, batchDetail and list responses)
 * that a client reads. Defaults come from the doc pages; the result field of a family comes from
 * its spec prose where the spec names one (productAvatar: {@code result_image_url}).
 *
 * @param id            task id ({@code _id})
 * @param name          task name
 * @param status        lifecycle status ({@code current_status})
 * @param resultUrl     URL of the finished media
 * @param failedMessage reason of a failure ({@code failed_message}; {@code faild_message} for face swap,
 *                      as A2E spells it)
 * @param failedCode    code of a failure ({@code failed_code}; {@code error_code} for face swap)
 * @param coins         credits charged
 * @param createdAt     creation time
 */
public record ResultFields(String id, String name, String status, String resultUrl, String failedMessage,
                           String failedCode, String coins, String createdAt) {
}

package io.a2ebatch.spec.family;

import tools.jackson.databind.JsonNode;

/**
 * How a provider's task record maps to a {@link TaskState}. The rule is part of the provider's
 * descriptor; the record's field names come from the family's {@link ResultFields}.
 */
public sealed interface StatusRule permits StatusRule.WireNames, StatusRule.SuccessFlag {

    /** The state a task record shows. */
    TaskState state(JsonNode record, ResultFields fields);

    /** The status as the record gives it, for messages ({@code processing}, {@code successFlag=0}). */
    default String raw(JsonNode record, ResultFields fields) {
        return ResultFields.text(record, fields.status());
    }

    /**
     * The status field holds a lifecycle name ({@code initialized}, {@code sent}, {@code pending},
     * {@code processing}, {@code completed}, {@code failed}; A2E's {@code current_status}), read by
     * {@link TaskState#fromWire(String)}.
     */
    record WireNames() implements StatusRule {

        @Override
        public TaskState state(JsonNode record, ResultFields fields) {
            return TaskState.fromWire(ResultFields.text(record, fields.status()));
        }
    }

    /**
     * The status field is a flag that is {@code successValue} on success and something else both while
     * the task runs and after it failed (Aleph's {@code successFlag}: 1, or 0 for "failed or in
     * progress"). The rest of the record decides, in this order:
     * <ol>
     *   <li>flag = success value and a result URL → {@link TaskState#COMPLETED};</li>
     *   <li>a failure code other than {@code 0}, or a non-blank failure message → {@link TaskState#FAILED};</li>
     *   <li>a completion time (the task finished, yet without a result URL) → {@link TaskState#FAILED};</li>
     *   <li>no flag at all → {@link TaskState#UNKNOWN} (treated as still running);</li>
     *   <li>otherwise → {@link TaskState#PROCESSING}: still running, including a success flag whose
     *       result URL has not appeared yet.</li>
     * </ol>
     *
     * @param successValue   the flag's value on success ({@code 1})
     * @param completedField the record's completion time ({@code completeTime}), set once the task is final
     */
    record SuccessFlag(String successValue, String completedField) implements StatusRule {

        @Override
        public TaskState state(JsonNode record, ResultFields fields) {
            String flag = ResultFields.text(record, fields.status());
            boolean success = successValue.equals(flag);
            if (success && !ResultFields.text(record, fields.resultUrl()).isEmpty()) {
                return TaskState.COMPLETED;
            }
            String code = ResultFields.text(record, fields.failedCode());
            if (!(code.isEmpty() || "0".equals(code)) || !ResultFields.text(record, fields.failedMessage()).isBlank()) {
                return TaskState.FAILED;
            }
            if (!ResultFields.text(record, completedField).isEmpty()) {
                return TaskState.FAILED;
            }
            return flag.isEmpty() ? TaskState.UNKNOWN : TaskState.PROCESSING;
        }

        @Override
        public String raw(JsonNode record, ResultFields fields) {
            return fields.status() + "=" + ResultFields.text(record, fields.status());
        }
    }
}

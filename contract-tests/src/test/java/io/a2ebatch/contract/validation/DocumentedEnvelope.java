package io.a2ebatch.contract.validation;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.a2ebatch.spec.SpecJson;
import io.a2ebatch.spec.family.ResultFields;
import io.a2ebatch.spec.family.TaskState;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * What the A2E doc pages ({@code ../shared/a2e/docs/*.txt}) show about every answer, and the spec
 * does not: the success envelope {@code {"code":0,"data":...,"trace_id":"..."}} and the names and
 * types of a task record's fields ({@code _id}, {@code current_status}, {@code result_url},
 * {@code failed_message} / face swap's {@code faild_message}, {@code failed_code} / {@code error_code},
 * {@code coins}, {@code createdAt}). Errors keep the spec's {@code ErrorResponse} and carry a
 * {@code trace_id} too; a 429 says how long to wait. See {@code docs/spec-and-doc-pages.md}.
 */
public final class DocumentedEnvelope {

    /** Field names that mean the same thing in different families; a record carries its family's one only. */
    private static final List<Set<String>> SPELLINGS = List.of(Set.of("failed_message", "faild_message"),
            Set.of("failed_code", "error_code"));
    private static final Set<String> STATUSES = Arrays.stream(TaskState.values()).filter(s -> s != TaskState.UNKNOWN)
            .map(TaskState::wire).collect(Collectors.toUnmodifiableSet());
    private static final List<String> LIST_ARRAYS = List.of("list", "rows", "records", "items");

    /**
     * One way an answer departs from the doc pages.
     *
     * @param pointer JSON pointer of the offending value ({@code /data/current_status}), or a header name
     * @param rule    {@code a2e.envelope.code}, {@code a2e.record.current_status} ...
     * @param message what is wrong
     */
    public record Problem(String pointer, String rule, String message) {
    }

    /**
     * Checks one answer.
     *
     * @param operation  the spec operation it answers
     * @param status     HTTP status (not 0)
     * @param retryAfter the {@code Retry-After} header, if any
     * @param body       the body bytes
     */
    public List<Problem> check(OperationIndex.SpecOperation operation, int status, Optional<String> retryAfter,
                               byte[] body) {
        List<Problem> problems = new ArrayList<>();
        JsonNode json;
        try {
            json = body.length == 0 ? null : SpecJson.MAPPER.readTree(body);
        } catch (JacksonException e) {
            json = null;
        }
        if (json == null || !json.isObject()) {
            problems.add(new Problem("", "a2e.envelope.json", "the body is not a JSON object; A2E answers every API"
                    + " request with one"));
            return problems;
        }
        requireText(json, "/trace_id", "a2e.envelope.trace_id", "every answer carries a trace_id", problems);
        if (status >= 200 && status < 300) {
            success(operation, json, problems);
        } else {
            error(status, retryAfter, json, problems);
        }
        return problems;
    }

    private void success(OperationIndex.SpecOperation operation, JsonNode json, List<Problem> problems) {
        JsonNode code = json.get("code");
        if (code == null || !code.isIntegralNumber() || code.asLong() != 0) {
            problems.add(new Problem("/code", "a2e.envelope.code", "a success carries \"code\": 0 (an integer), got "
                    + (code == null ? "nothing" : code.toString())));
        }
        JsonNode data = json.get("data");
        if (data == null || data.isNull()) {
            problems.add(new Problem("/data", "a2e.envelope.data", "a success carries the result in \"data\""));
            return;
        }
        if (operation.family() == null || operation.role() == null) {
            return;
        }
        ResultFields fields = operation.family().fields();
        switch (operation.role()) {
            case START, DETAIL -> record(data, "/data", fields, problems);
            case BATCH_DETAIL -> records(data, "/data", fields, problems);
            case LIST -> {
                if (data.isArray()) {
                    records(data, "/data", fields, problems);
                } else {
                    Optional<String> array = LIST_ARRAYS.stream().filter(n -> data.path(n).isArray()).findFirst();
                    if (array.isEmpty()) {
                        problems.add(new Problem("/data", "a2e.envelope.list", "a list answer holds its records in an"
                                + " array (data, or data.list)"));
                    } else {
                        records(data.get(array.get()), "/data/" + array.get(), fields, problems);
                    }
                }
            }
            case DELETE -> requireText(data, "/data/" + fields.id(), "a2e.record.id", "a delete answer names the"
                    + " deleted task", problems, "/data");
        }
    }

    private void records(JsonNode data, String at, ResultFields fields, List<Problem> problems) {
        if (!data.isArray()) {
            problems.add(new Problem(at, "a2e.envelope.records", "expected an array of task records, got "
                    + data.getNodeType()));
            return;
        }
        for (int i = 0; i < data.size(); i++) {
            record(data.get(i), at + "/" + i, fields, problems);
        }
    }

    private void record(JsonNode record, String at, ResultFields fields, List<Problem> problems) {
        if (!record.isObject()) {
            problems.add(new Problem(at, "a2e.record", "expected a task record (object), got " + record.getNodeType()));
            return;
        }
        requireText(record, at + "/" + fields.id(), "a2e.record.id", "a record carries its task id", problems, at);
        JsonNode status = record.get(fields.status());
        String state = status != null && status.isString() ? status.stringValue() : null;
        if (state == null || !STATUSES.contains(state)) {
            problems.add(new Problem(at + "/" + fields.status(), "a2e.record." + fields.status(), "expected one of "
                    + STATUSES.stream().sorted().toList() + ", got " + (status == null ? "nothing" : status.toString())));
        }
        JsonNode result = requireString(record, at, fields.resultUrl(), problems);
        if (result != null && "completed".equals(state) && !result.stringValue().matches("^https?://\\S+$")) {
            problems.add(new Problem(at + "/" + fields.resultUrl(), "a2e.record." + fields.resultUrl(),
                    "a completed task carries the URL of its result, got " + result));
        }
        JsonNode failed = requireString(record, at, fields.failedMessage(), problems);
        requireString(record, at, fields.failedCode(), problems);
        if (failed != null && "failed".equals(state) && failed.stringValue().isBlank()) {
            problems.add(new Problem(at + "/" + fields.failedMessage(), "a2e.record." + fields.failedMessage(),
                    "a failed task says why"));
        }
        JsonNode coins = record.get(fields.coins());
        if (coins == null || !coins.isIntegralNumber()) {
            problems.add(new Problem(at + "/" + fields.coins(), "a2e.record." + fields.coins(), "expected an integer,"
                    + " got " + (coins == null ? "nothing" : coins.toString())));
        }
        JsonNode created = requireString(record, at, fields.createdAt(), problems);
        if (created != null) {
            try {
                Instant.parse(created.stringValue());
            } catch (DateTimeParseException e) {
                problems.add(new Problem(at + "/" + fields.createdAt(), "a2e.record." + fields.createdAt(),
                        "expected an ISO-8601 time such as 2025-03-13T07:58:27.863Z, got " + created));
            }
        }
        Set<String> own = Set.of(fields.failedMessage(), fields.failedCode());
        for (Set<String> spellings : SPELLINGS) {
            for (String name : spellings) {
                if (!own.contains(name) && record.has(name)) {
                    problems.add(new Problem(at + "/" + name, "a2e.record.field-name", "this family's records name the"
                            + " field " + spellings.stream().filter(own::contains).findFirst().orElse("?")
                            + " (doc pages), not " + name));
                }
            }
        }
    }

    private void error(int status, Optional<String> retryAfter, JsonNode json, List<Problem> problems) {
        if (!json.path("success").isBoolean() || json.path("success").asBoolean()) {
            problems.add(new Problem("/success", "a2e.error.success", "an error carries \"success\": false"));
        }
        requireText(json, "/error", "a2e.error.error", "an error says what went wrong in \"error\"", problems);
        requireText(json, "/code", "a2e.error.code", "an error carries a code (a string)", problems);
        if (status == 429 && retryAfter.filter(v -> v.trim().matches("\\d+") && Long.parseLong(v.trim()) > 0).isEmpty()) {
            problems.add(new Problem("Retry-After", "a2e.error.retry-after", "a 429 says how many seconds to wait in"
                    + " Retry-After, got " + retryAfter.map(v -> "\"" + v + "\"").orElse("no header")));
        }
    }

    private static JsonNode requireString(JsonNode record, String at, String field, List<Problem> problems) {
        JsonNode value = record.get(field);
        if (value == null || !value.isString()) {
            problems.add(new Problem(at + "/" + field, "a2e.record." + field, "expected a string (empty until set), got "
                    + (value == null ? "nothing" : value.toString())));
            return null;
        }
        return value;
    }

    private static void requireText(JsonNode node, String pointer, String rule, String why, List<Problem> problems) {
        requireText(node, pointer, rule, why, problems, "");
    }

    private static void requireText(JsonNode node, String pointer, String rule, String why, List<Problem> problems,
                                    String base) {
        JsonNode value = node.at(pointer.substring(base.length()));
        if (!value.isString() || value.stringValue().isBlank()) {
            problems.add(new Problem(pointer, rule, why + "; got " + (value.isMissingNode() ? "nothing" : value.toString())));
        }
    }
}

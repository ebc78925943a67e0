package io.a2ebatch.simulator.internal.tasks;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

import io.a2ebatch.simulator.SimulatorConfig;
import io.a2ebatch.simulator.internal.chaos.Randomness;
import io.a2ebatch.simulator.internal.http.ApiError;
import io.a2ebatch.simulator.internal.http.ApiRequest;
import io.a2ebatch.simulator.internal.http.Json;
import io.a2ebatch.simulator.internal.lifecycle.Account;
import io.a2ebatch.simulator.internal.lifecycle.InsufficientCreditsException;
import io.a2ebatch.simulator.internal.lifecycle.TaskBusyException;
import io.a2ebatch.simulator.internal.lifecycle.TaskStore;
import io.a2ebatch.simulator.internal.lifecycle.TaskView;
import io.a2ebatch.spec.family.TaskFamily;
import io.a2ebatch.spec.family.TaskState;
import io.a2ebatch.spec.schema.Violation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The five operations every task family has, served by the same code for all of them: start,
 * detail, batchDetail, list and delete. Each returns the {@code data} of the success envelope or
 * throws an {@link ApiError}.
 */
public final class TaskApi {

    /** Most ids one batchDetail request may ask for. */
    public static final int MAX_BATCH_IDS = 100;
    /** Largest page of a list. */
    public static final int MAX_PAGE_SIZE = 100;
    /** Page size when the request names none. */
    public static final int DEFAULT_PAGE_SIZE = 10;
    /** {@code "ids"}, the one key of a batchDetail body. */
    private static final byte[] IDS_KEY = "\"ids\"".getBytes(StandardCharsets.US_ASCII);

    /**
     * One authenticated request to a family operation.
     *
     * @param request the request
     * @param account the caller's account
     * @param family  the family the path names
     * @param id      the task id in the path, or {@code null}
     * @param now     the simulator's clock, epoch milliseconds
     * @param config  the configuration in force
     * @param baseUrl where result files are served
     */
    public record Call(ApiRequest request, Account account, TaskFamily family, String id, long now,
                       SimulatorConfig config, String baseUrl) {
    }

    private final TaskStore store;
    private final RecordWriters writers;
    private final BiConsumer<TaskView, JsonNode> started;

    /**
     * @param started sees every task created, with its start request (the callbacks watch for those that asked for one)
     */
    public TaskApi(TaskStore store, RecordWriters writers, BiConsumer<TaskView, JsonNode> started) {
        this.store = store;
        this.writers = writers;
        this.started = started;
    }

    private RecordWriter records(TaskFamily family) {
        return writers.of(family);
    }

    /** Validates the body against the family's request schema, moderates it, charges the account and creates the task. */
    public JsonNode start(Call call, Randomness randomness) {
        TaskFamily family = call.family();
        JsonNode body = Json.parseBody(call.request().body());
        List<Violation> violations = family.requestSchema().validate(body);
        if (!violations.isEmpty()) {
            throw schemaError(call, violations);
        }
        String name = name(call, body);
        Moderation.check(body);
        SimulatorConfig config = call.config();
        TaskStore.StartTerms terms = new TaskStore.StartTerms(config.tasks().dispatchStep().toMillis(),
                config.tasks().timeout().toMillis(), config.access().taskCost());
        try {
            TaskView task = store.create(call.account(), family, name, Json.MAPPER.writeValueAsBytes(body),
                    randomness.plan(config), call.now(), config.tasks().maxProcessing(), terms);
            started.accept(task, body);
            return records(family).started(task, call.baseUrl());
        } catch (InsufficientCreditsException e) {
            throw new ApiError(402, "INSUFFICIENT_CREDITS", e.getMessage());
        }
    }

    private static ApiError schemaError(Call call, List<Violation> violations) {
        String problems = violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
        return new ApiError(400, "INVALID_REQUEST", "The request body does not match the request schema of "
                + call.family().start().label() + " (" + violations.size() + " problem"
                + (violations.size() == 1 ? "" : "s") + "): " + problems + ". Fix the field"
                + (violations.size() == 1 ? "" : "s") + " and send the request again", violations, Map.of());
    }

    private static String name(Call call, JsonNode body) {
        String field = call.family().fields().name();
        JsonNode name = body.get(field);
        if (name == null || name.isNull()) {
            return "";
        }
        if (!name.isString()) {
            throw new ApiError(400, "INVALID_REQUEST", field + ": expected a string, got " + name
                    + ". The task name is how you find a task again; send it as text",
                    List.of(new Violation(field, Violation.Rule.TYPE, "expected a string, got " + name)), Map.of());
        }
        return name.stringValue();
    }

    /** One task by the id in the path. */
    public JsonNode detail(Call call) {
        TaskView task = store.view(call.account(), call.family(), call.id(), call.now(), call.config().tasks().maxProcessing())
                .orElseThrow(() -> notFound(call));
        return records(call.family()).render(task, call.baseUrl());
    }

    /** The tasks of {@code {"ids":[...]}} that exist, in the order asked. */
    public JsonNode batchDetail(Call call) {
        List<String> wanted = plainIds(call.request().body());
        if (wanted == null) {
            wanted = ids(call);
        }
        return new RecordArray(records(call.family()), store.views(call.account(), call.family(), wanted, call.now(),
                call.config().tasks().maxProcessing()), call.baseUrl()).node();
    }

    /**
     * The ids of a body that is exactly {@code {"ids":["...", ...]}} with 1 to {@value #MAX_BATCH_IDS} ids of
     * printable ASCII without escapes (what every client sends), JSON whitespace allowed between tokens, read
     * straight from the bytes (every poll sends one); {@code null} for any other body, which {@link #ids} then
     * reads as JSON, and answers with the error it deserves.
     */
    static List<String> plainIds(byte[] body) {
        int at = space(body, 0);
        if (!at(body, at, '{')) {
            return null;
        }
        at = space(body, at + 1);
        if (!Arrays.equals(body, at, Math.min(body.length, at + IDS_KEY.length), IDS_KEY, 0, IDS_KEY.length)) {
            return null;
        }
        at = space(body, at + IDS_KEY.length);
        if (!at(body, at, ':')) {
            return null;
        }
        at = space(body, at + 1);
        if (!at(body, at, '[')) {
            return null;
        }
        List<String> ids = new ArrayList<>();
        do {
            at = space(body, at + 1);
            if (!at(body, at, '"') || ids.size() == MAX_BATCH_IDS) {
                return null;
            }
            int start = at + 1;
            for (at = start; at < body.length && body[at] != '"'; at++) {
                if (body[at] < 0x20 || body[at] > 0x7e || body[at] == '\\') {
                    return null;
                }
            }
            if (at == body.length) {
                return null;
            }
            ids.add(new String(body, start, at - start, StandardCharsets.US_ASCII));
            at = space(body, at + 1);
        } while (at(body, at, ','));
        if (!at(body, at, ']')) {
            return null;
        }
        at = space(body, at + 1);
        return at(body, at, '}') && space(body, at + 1) == body.length ? ids : null;
    }

    private static boolean at(byte[] body, int at, char c) {
        return at < body.length && body[at] == c;
    }

    /** The first position from {@code at} that is not JSON whitespace. */
    private static int space(byte[] body, int at) {
        while (at < body.length && (body[at] == ' ' || body[at] == '\t' || body[at] == '\n' || body[at] == '\r')) {
            at++;
        }
        return at;
    }

    /** The ids of a batchDetail body, or the error that says what is wrong with it. */
    private static List<String> ids(Call call) {
        JsonNode body = Json.parseBody(call.request().body());
        JsonNode ids = body.isObject() ? body.get("ids") : null;
        if (ids == null || !ids.isArray()) {
            throw new ApiError(400, "INVALID_REQUEST", "Send {\"ids\": [\"<task id>\", ...]} with 1 to " + MAX_BATCH_IDS
                    + " task ids", List.of(new Violation("ids", Violation.Rule.REQUIRED, "is required and must be an array")),
                    Map.of());
        }
        if (ids.isEmpty() || ids.size() > MAX_BATCH_IDS) {
            throw new ApiError(400, "INVALID_REQUEST", "ids has " + ids.size() + " entries; send 1 to " + MAX_BATCH_IDS
                    + " task ids per request and split longer lists", List.of(new Violation("ids",
                    ids.isEmpty() ? Violation.Rule.MIN_ITEMS : Violation.Rule.MAX_ITEMS,
                    "needs 1 to " + MAX_BATCH_IDS + " items, got " + ids.size())), Map.of());
        }
        List<String> wanted = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            JsonNode id = ids.get(i);
            if (!id.isString()) {
                throw new ApiError(400, "INVALID_REQUEST", "ids[" + i + "] is " + id + "; every id must be a string",
                        List.of(new Violation("ids[" + i + "]", Violation.Rule.TYPE, "expected a string, got " + id)),
                        Map.of());
            }
            wanted.add(id.stringValue());
        }
        return wanted;
    }

    /** A page of the account's tasks of the family, newest first: {@code {"list":[...],"total":N,"pageNum":p,"pageSize":s}}. */
    public JsonNode list(Call call) {
        Map<String, String> query = call.request().query();
        int pageNum = intParameter(query, "pageNum", 1, 1, Integer.MAX_VALUE / MAX_PAGE_SIZE);
        int pageSize = intParameter(query, "pageSize", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
        TaskState state = stateParameter(query.get("status"));
        TaskStore.Page page = store.page(call.account(), call.family(), pageNum, pageSize, state, call.now(),
                call.config().tasks().maxProcessing());
        ObjectNode data = Json.MAPPER.createObjectNode();
        data.set("list", new RecordArray(records(call.family()), page.list(), call.baseUrl()).node());
        data.put("total", page.total());
        data.put("pageNum", page.pageNum());
        data.put("pageSize", page.pageSize());
        return data;
    }

    private static int intParameter(Map<String, String> query, String name, int fallback, int min, int max) {
        String raw = query.get(name);
        if (raw == null || raw.isEmpty()) {
            return fallback;
        }
        Violation.Rule rule;
        try {
            long value = Long.parseLong(raw.trim());
            if (value >= min && value <= max) {
                return (int) value;
            }
            rule = value < min ? Violation.Rule.MINIMUM : Violation.Rule.MAXIMUM;
        } catch (NumberFormatException e) {
            rule = Violation.Rule.TYPE;
        }
        String accepted = "a whole number from " + min + " to " + max;
        throw new ApiError(400, "INVALID_REQUEST", "Query parameter " + name + "=" + raw + " is not " + accepted
                + " (default " + fallback + ")", List.of(new Violation(name, rule, "must be " + accepted)), Map.of());
    }

    private static TaskState stateParameter(String raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        TaskState state = TaskState.fromWire(raw);
        if (state == TaskState.UNKNOWN) {
            String known = Arrays.stream(TaskState.values()).filter(s -> s != TaskState.UNKNOWN).map(TaskState::wire)
                    .collect(Collectors.joining(", "));
            throw new ApiError(400, "INVALID_REQUEST", "Query parameter status=" + raw + " is not a task status; use one of "
                    + known, List.of(new Violation("status", Violation.Rule.ENUM, "must be one of " + known)), Map.of());
        }
        return state;
    }

    /** Deletes a task that is initialized (refunded), completed or failed. */
    public JsonNode delete(Call call) {
        try {
            Optional<TaskView> deleted = store.delete(call.account(), call.family(), call.id(), call.now(),
                    call.config().tasks().maxProcessing());
            TaskView task = deleted.orElseThrow(() -> notFound(call));
            ObjectNode data = Json.MAPPER.createObjectNode();
            data.put(call.family().fields().id(), task.id());
            data.put("deleted", true);
            data.put("refunded", task.state() == TaskState.INITIALIZED ? task.coins() : 0);
            return data;
        } catch (TaskBusyException e) {
            throw ApiError.invalid(e.getMessage());
        }
    }

    private static ApiError notFound(Call call) {
        return ApiError.notFound("This account has no " + call.family().name() + " task with id " + call.id()
                + "; use the _id of a start response (it may have been deleted)");
    }
}

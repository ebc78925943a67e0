package io.a2ebatch.simulator.internal.tasks;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.a2ebatch.simulator.internal.http.Json;
import io.a2ebatch.simulator.internal.lifecycle.RenderCache;
import io.a2ebatch.simulator.internal.lifecycle.TaskView;
import io.a2ebatch.spec.family.ResultFields;
import io.a2ebatch.spec.family.TaskFamily;
import io.a2ebatch.spec.family.TaskState;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.core.io.SerializedString;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.util.RawValue;

/**
 * Renders a task as A2E shows it (the {@code data} of start and detail, the elements of batchDetail
 * and list): {@code _id}, {@code name}, the start request's fields, {@code current_status},
 * {@code coins}, {@code createdAt}, {@code updatedAt} and the family's failure and result fields,
 * empty strings until set. Field names come from the family's {@link ResultFields}.
 *
 * <p>What never changes in a record — everything up to the status, the coins and the creation time —
 * is written to JSON once per task, on its first render, and kept with the task; each answer then
 * writes only the fields that change, and a task whose status has not changed since its last answer
 * gets that answer's record again. A record without a result URL (every status but completed) is kept
 * whole, already encoded as UTF-8, and copied into the answer as it is. A poll answer of a hundred tasks
 * thereby parses no stored request, builds no tree and encodes no text, and sends the same bytes as before.
 */
public final class TaskRecords implements RecordWriter {

    /** Not a {@link ResultFields} name, but on every record the doc pages show. */
    public static final String UPDATED_AT = "updatedAt";

    private static final JsonStringEncoder ENCODER = JsonStringEncoder.getInstance();

    private final ResultFiles files;
    private final Map<String, Layout> layouts = new ConcurrentHashMap<>();
    /** {@link #fixed}, made once: a method reference made per record would be an allocation per record. */
    private final Function<TaskView, Fixed> fixedOf = this::fixed;

    public TaskRecords(ResultFiles files) {
        this.files = files;
    }

    /**
     * A family's record layout.
     *
     * @param recordFields names the record sets itself; a start request's field of the same name is not echoed
     * @param status       {@code ,"current_status":}, and so on for the fields that change, JSON-quoted
     */
    private record Layout(Set<String> recordFields, String status, String updatedAt, String failedMessage,
                          String failedCode, String resultUrl) {

        static Layout of(TaskFamily family) {
            ResultFields f = family.fields();
            return new Layout(new HashSet<>(List.of(f.id(), f.name(), f.status(), f.coins(), f.createdAt(), UPDATED_AT,
                    f.failedMessage(), f.failedCode(), f.resultUrl())), name(f.status()), name(UPDATED_AT),
                    name(f.failedMessage()), name(f.failedCode()), name(f.resultUrl()));
        }

        private static String name(String field) {
            return ",\"" + new String(ENCODER.quoteAsCharArray(field)) + "\":";
        }
    }

    /**
     * A task's record parts that never change, as JSON.
     *
     * @param layout            the task's family's layout
     * @param head              from the opening brace to the last echoed request field, without a closing brace
     * @param coinsAndCreatedAt {@code ,"coins":N,"createdAt":"..."}
     */
    private record Fixed(Layout layout, String head, String coinsAndCreatedAt) {
    }

    /**
     * A record as written for one status and status time, kept as the task's {@link RenderCache#last}: a
     * task is polled many times between two changes of its status, and each of those answers is the same.
     * It is the whole record with an empty result URL, its UTF-8 bytes made before it is shared (so that
     * every thread that reads it sees them), copied as it is into the answer of a task that has no result
     * URL (every status but completed); and the record up to the result URL's value, which is written per
     * answer (it contains the base URL, and the file host signs URLs that expire some time after they were
     * read). It is its own JSON text rather than holding one, so that an answer's record costs one
     * reference fewer to follow: a poll answer has a hundred of them.
     */
    private static final class Written extends SerializedString {

        private static final long serialVersionUID = 1L;

        final TaskState state;
        final long updatedAt;
        final String upToResultUrl;

        private Written(TaskState state, long updatedAt, String upToResultUrl) {
            super(upToResultUrl + "\"\"}");
            this.state = state;
            this.updatedAt = updatedAt;
            this.upToResultUrl = upToResultUrl;
            asUnquotedUTF8();
        }

        boolean shows(TaskView task) {
            return state == task.state() && updatedAt == task.updatedAt();
        }
    }

    /**
     * The record of {@code task}.
     *
     * @param baseUrl where result files are served ({@code http://host:port})
     */
    @Override
    public JsonNode render(TaskView task, String baseUrl) {
        return Json.MAPPER.getNodeFactory().rawValueNode(new RawValue(record(task, baseUrl)));
    }

    @Override
    public void write(TaskView task, String baseUrl, JsonGenerator json) {
        json.writeRawValue(record(task, baseUrl));
    }

    /** The record as JSON text: the one kept for the task's status, or, completed, with this answer's result URL. */
    private SerializableString record(TaskView task, String baseUrl) {
        RenderCache cache = task.rendered();
        Written last = cache.last() instanceof Written kept && kept.shows(task) ? kept : null;
        if (last == null) {
            last = new Written(task.state(), task.updatedAt(), upToResultUrl(task, cache.get(Fixed.class, task, fixedOf)));
            cache.last(last);
        }
        if (task.state() != TaskState.COMPLETED) {
            return last;
        }
        StringBuilder json = new StringBuilder(last.upToResultUrl.length() + 128).append(last.upToResultUrl);
        string(json, files.url(baseUrl, task.family(), task.id()));
        return new SerializedString(json.append('}').toString());
    }

    /**
     * The record up to the result URL's value; the failure of a task that failed is fixed by its status,
     * so it needs no key of its own.
     */
    private static String upToResultUrl(TaskView task, Fixed fixed) {
        Layout layout = fixed.layout();
        StringBuilder json = new StringBuilder(fixed.head().length() + 256);
        json.append(fixed.head()).append(layout.status());
        string(json, task.state().wire());
        json.append(fixed.coinsAndCreatedAt()).append(layout.updatedAt());
        string(json, Json.iso(task.updatedAt()));
        json.append(layout.failedMessage());
        string(json, task.failure() == null ? "" : task.failure().message());
        json.append(layout.failedCode());
        string(json, task.failure() == null ? "" : task.failure().code());
        json.append(layout.resultUrl());
        return json.toString();
    }

    /** The record's fixed parts, written by the same mapper (and so with the same escapes) as the rest of an answer. */
    private Fixed fixed(TaskView task) {
        Layout layout = layouts.computeIfAbsent(task.family().name(), k -> Layout.of(task.family()));
        ResultFields f = task.family().fields();
        ObjectNode head = Json.MAPPER.createObjectNode();
        head.put(f.id(), task.id());
        head.put(f.name(), task.name());
        for (var field : Json.MAPPER.readTree(task.body()).properties()) {
            if (!layout.recordFields().contains(field.getKey())) {
                head.set(field.getKey(), field.getValue());
            }
        }
        String headJson = Json.MAPPER.writeValueAsString(head);
        ObjectNode tail = Json.MAPPER.createObjectNode();
        tail.put(f.coins(), task.coins());
        tail.put(f.createdAt(), Json.iso(task.createdAt()));
        String tailJson = Json.MAPPER.writeValueAsString(tail);
        return new Fixed(layout, headJson.substring(0, headJson.length() - 1),
                "," + tailJson.substring(1, tailJson.length() - 1));
    }

    private static void string(StringBuilder json, String value) {
        json.append('"');
        ENCODER.quoteAsString(value, json);
        json.append('"');
    }
}

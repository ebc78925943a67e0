package io.a2ebatch.simulator.internal.admin;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.a2ebatch.simulator.DurationRange;
import io.a2ebatch.simulator.SimulatorConfig;
import io.a2ebatch.simulator.SimulatorOperation;
import io.a2ebatch.simulator.TokenMask;
import io.a2ebatch.simulator.internal.http.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The configuration as {@code GET /__a2e/config} shows it, and the changes {@code POST /__a2e/config}
 * accepts: the same snake_case names as the command-line options, durations written as on the command
 * line ({@code "2s..10s"}).
 */
final class ConfigJson {

    /** Keys {@code POST /__a2e/config} accepts. */
    static final List<String> WRITABLE = List.of("credits", "rate_limit", "max_processing", "task_duration",
            "failure_rate", "error_rate", "fault_rate", "latency", "latency_by_operation", "seed", "task_timeout",
            "task_cost", "request_log_size", "dispatch_step", "result_lifetime", "maintenance", "callback_drop_rate",
            "callback_duplicate_rate", "callback_delay", "callback_reorder", "callback_retry_backoff");

    private ConfigJson() {
    }

    static ObjectNode toJson(SimulatorConfig c) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("port", c.server().port());
        node.put("bind_address", c.server().bindAddress());
        ArrayNode accounts = node.putArray("accounts");
        c.access().tokens().forEach(t -> accounts.add(TokenMask.mask(t)));
        node.put("credits", c.access().credits());
        node.put("rate_limit", c.access().rateLimit());
        node.put("max_processing", c.tasks().maxProcessing());
        node.put("task_duration", c.tasks().duration().toString());
        node.put("failure_rate", c.tasks().failureRate());
        node.put("error_rate", c.chaos().errorRate());
        node.put("fault_rate", c.chaos().faultRate());
        node.put("latency", c.chaos().latency().toString());
        ObjectNode byOperation = node.putObject("latency_by_operation");
        c.chaos().operationLatency().forEach((op, range) -> byOperation.put(op.wireName(), range.toString()));
        node.put("seed", c.seed());
        node.put("task_timeout", DurationRange.format(c.tasks().timeout()));
        node.put("task_cost", c.access().taskCost());
        node.put("request_log_size", c.server().requestLogSize());
        node.put("dispatch_step", DurationRange.format(c.tasks().dispatchStep()));
        node.put("state_dir", c.server().stateDir().map(p -> p.toAbsolutePath().toString()).orElse(null));
        node.put("result_lifetime", DurationRange.format(c.tasks().resultLifetime()));
        node.put("maintenance", c.chaos().maintenance());
        node.put("callback_drop_rate", c.callbacks().dropRate());
        node.put("callback_duplicate_rate", c.callbacks().duplicateRate());
        node.put("callback_delay", c.callbacks().delay().toString());
        node.put("callback_reorder", c.callbacks().reorder());
        node.put("callback_retry_backoff", DurationRange.format(c.callbacks().retryBackoff()));
        return node;
    }

    /**
     * Applies the keys of {@code changes} to {@code b}.
     *
     * @throws IllegalArgumentException naming an unknown key or a value of the wrong kind
     */
    static void apply(JsonNode changes, SimulatorConfig.Builder b) {
        if (!changes.isObject()) {
            throw new IllegalArgumentException("Send a JSON object of options to change, such as {\"error_rate\": 0.1}");
        }
        for (var entry : changes.properties()) {
            String key = entry.getKey();
            JsonNode v = entry.getValue();
            switch (key) {
                case "credits" -> b.credits(whole(key, v));
                case "rate_limit" -> b.rateLimit(number(key, v));
                case "max_processing" -> b.maxProcessing(Math.toIntExact(whole(key, v)));
                case "task_duration" -> b.taskDuration(range(key, v));
                case "failure_rate" -> b.failureRate(number(key, v));
                case "error_rate" -> b.errorRate(number(key, v));
                case "fault_rate" -> b.faultRate(number(key, v));
                case "latency" -> b.latency(range(key, v));
                case "latency_by_operation" -> b.operationLatency(operationLatency(v));
                case "seed" -> b.seed(whole(key, v));
                case "task_timeout" -> b.taskTimeout(DurationRange.parseDuration(text(key, v)));
                case "task_cost" -> b.taskCost(whole(key, v));
                case "request_log_size" -> b.requestLogSize(Math.toIntExact(whole(key, v)));
                case "dispatch_step" -> b.dispatchStep(DurationRange.parseDuration(text(key, v)));
                case "result_lifetime" -> b.resultLifetime(DurationRange.parseDuration(text(key, v)));
                case "maintenance" -> b.maintenance(bool(key, v));
                case "callback_drop_rate" -> b.callbackDropRate(number(key, v));
                case "callback_duplicate_rate" -> b.callbackDuplicateRate(number(key, v));
                case "callback_delay" -> b.callbackDelay(range(key, v));
                case "callback_reorder" -> b.callbackReorder(bool(key, v));
                case "callback_retry_backoff" -> b.callbackRetryBackoff(DurationRange.parseDuration(text(key, v)));
                default -> throw new IllegalArgumentException("Unknown option '" + key + "'; "
                        + (List.of("port", "bind_address", "accounts", "state_dir").contains(key)
                        ? "it is fixed when the simulator starts" : "the options that can change are " + WRITABLE));
            }
        }
    }

    private static Map<SimulatorOperation, DurationRange> operationLatency(JsonNode v) {
        if (!v.isObject()) {
            throw new IllegalArgumentException("latency_by_operation must be an object such as {\"start\": \"2s\"}");
        }
        Map<SimulatorOperation, DurationRange> out = new EnumMap<>(SimulatorOperation.class);
        for (var entry : v.properties()) {
            SimulatorOperation op = SimulatorOperation.withLatency(entry.getKey()).orElseThrow(() ->
                    new IllegalArgumentException("Unknown operation '" + entry.getKey() + "' in latency_by_operation; "
                            + "use one of " + SimulatorOperation.latencyNames()));
            out.put(op, range("latency_by_operation." + entry.getKey(), entry.getValue()));
        }
        return out;
    }

    private static DurationRange range(String key, JsonNode v) {
        return DurationRange.parse(text(key, v));
    }

    private static String text(String key, JsonNode v) {
        if (!v.isString()) {
            throw new IllegalArgumentException(key + " must be a text such as \"5s\" or \"2s..10s\", got " + v);
        }
        return v.stringValue();
    }

    private static boolean bool(String key, JsonNode v) {
        if (!v.isBoolean()) {
            throw new IllegalArgumentException(key + " must be true or false, got " + v);
        }
        return v.booleanValue();
    }

    private static double number(String key, JsonNode v) {
        if (!v.isNumber()) {
            throw new IllegalArgumentException(key + " must be a number, got " + v);
        }
        return v.doubleValue();
    }

    private static long whole(String key, JsonNode v) {
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new IllegalArgumentException(key + " must be a whole number, got " + v);
        }
        return v.longValue();
    }
}

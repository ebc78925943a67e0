package io.a2ebatch.simulator.internal.admin;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import io.a2ebatch.simulator.A2eSimulator;
import io.a2ebatch.simulator.LoggedRequest;
import io.a2ebatch.simulator.TokenMask;
import io.a2ebatch.simulator.internal.http.ApiError;
import io.a2ebatch.simulator.internal.http.ApiRequest;
import io.a2ebatch.simulator.internal.http.ApiResponse;
import io.a2ebatch.simulator.internal.http.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The simulator's inspection and control API under {@code /__a2e}, for tests and other teams. No
 * token is needed (the simulator listens on 127.0.0.1 by default); answers are plain JSON, not
 * enveloped, and errors use the same {@code ErrorResponse} as the API.
 */
public final class AdminApi {

    private static final String PREFIX = "/__a2e";
    private static final int DEFAULT_REQUEST_LIMIT = 100;

    private final A2eSimulator simulator;

    public AdminApi(A2eSimulator simulator) {
        this.simulator = simulator;
    }

    /** Answers a request whose path starts with {@code /__a2e}. */
    public ApiResponse handle(ApiRequest request) {
        String route = request.method() + " " + request.path();
        try {
            return switch (route) {
                case "GET " + PREFIX, "GET " + PREFIX + "/" -> ok(index());
                case "GET " + PREFIX + "/stats" -> json(200, StatsJson.toJson(simulator.stats()).getBytes(StandardCharsets.UTF_8));
                case "POST " + PREFIX + "/reset" -> {
                    simulator.reset();
                    yield ok(Json.MAPPER.createObjectNode().put("reset", true));
                }
                case "GET " + PREFIX + "/requests" -> ok(requests(request));
                case "POST " + PREFIX + "/credits" -> ok(credits(request));
                case "POST " + PREFIX + "/tokens" -> ok(tokens(request));
                case "GET " + PREFIX + "/config" -> ok(ConfigJson.toJson(simulator.config()));
                case "POST " + PREFIX + "/config" -> {
                    JsonNode changes = Json.parseBody(request.body());
                    simulator.update(b -> ConfigJson.apply(changes, b));
                    yield ok(ConfigJson.toJson(simulator.config()));
                }
                default -> throw ApiError.notFound("No simulator endpoint " + route + "; GET " + PREFIX
                        + " lists them");
            };
        } catch (ApiError e) {
            return json(e.status(), Json.error(e.code(), e.getMessage(), e.violations(), now(), trace()));
        } catch (IllegalArgumentException | ArithmeticException e) {
            return json(400, Json.error("INVALID_REQUEST", e.getMessage(), List.of(), now(), trace()));
        }
    }

    private static ObjectNode index() {
        ObjectNode node = Json.MAPPER.createObjectNode();
        ObjectNode endpoints = node.putObject("endpoints");
        endpoints.put("GET " + PREFIX + "/stats", "counters, tasks and balances");
        endpoints.put("POST " + PREFIX + "/reset", "forget every task, counter and logged request");
        endpoints.put("GET " + PREFIX + "/requests?limit=N", "the N most recent requests, oldest first");
        endpoints.put("POST " + PREFIX + "/credits", "{\"token\":\"...\",\"credits\":N} sets, {\"token\":\"...\",\"add\":N} adds");
        endpoints.put("POST " + PREFIX + "/tokens", "{\"token\":\"...\",\"enabled\":false} revokes, true restores or adds");
        endpoints.put("GET " + PREFIX + "/config", "the configuration in force");
        endpoints.put("POST " + PREFIX + "/config", "change options at runtime, e.g. {\"error_rate\":0.2}");
        return node;
    }

    private ObjectNode requests(ApiRequest request) {
        String raw = request.query().getOrDefault("limit", String.valueOf(DEFAULT_REQUEST_LIMIT));
        int limit;
        try {
            limit = Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1) {
            throw ApiError.invalid("limit=" + raw + " is not a whole number of at least 1");
        }
        ObjectNode node = Json.MAPPER.createObjectNode();
        ArrayNode list = node.putArray("requests");
        for (LoggedRequest r : simulator.requestLog(limit)) {
            ObjectNode item = list.addObject();
            item.put("time", r.time().toString());
            item.put("method", r.method());
            item.put("path", r.path());
            item.put("operation", r.operation().wireName());
            item.put("family", r.family());
            item.put("status", r.status());
            item.put("account", r.account());
        }
        node.put("count", list.size());
        return node;
    }

    private ObjectNode credits(ApiRequest request) {
        JsonNode body = Json.parseBody(request.body());
        String token = token(body);
        JsonNode set = body.get("credits");
        JsonNode add = body.get("add");
        if ((set == null) == (add == null)) {
            throw ApiError.invalid("Send either {\"token\":\"...\",\"credits\":N} to set a balance or "
                    + "{\"token\":\"...\",\"add\":N} to add to it");
        }
        JsonNode amount = set != null ? set : add;
        if (!amount.isIntegralNumber() || !amount.canConvertToLong()) {
            throw ApiError.invalid((set != null ? "credits" : "add") + " must be a whole number, got " + amount);
        }
        if (set != null) {
            simulator.setCredits(token, amount.longValue());
        } else {
            simulator.addCredits(token, amount.longValue());
        }
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("account", TokenMask.mask(token));
        node.put("credits", simulator.credits(token));
        return node;
    }

    private ObjectNode tokens(ApiRequest request) {
        JsonNode body = Json.parseBody(request.body());
        String token = token(body);
        JsonNode enabled = body.get("enabled");
        if (enabled == null || !enabled.isBoolean()) {
            throw ApiError.invalid("Send {\"token\":\"...\",\"enabled\":true|false}");
        }
        simulator.setTokenEnabled(token, enabled.booleanValue());
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("account", TokenMask.mask(token));
        node.put("enabled", enabled.booleanValue());
        node.put("credits", simulator.credits(token));
        return node;
    }

    private static String token(JsonNode body) {
        JsonNode token = body.isObject() ? body.get("token") : null;
        if (token == null || !token.isString() || token.stringValue().isBlank()) {
            throw ApiError.invalid("The body needs \"token\": the bearer token of the account, as text");
        }
        return token.stringValue();
    }

    private long now() {
        return simulator.config().clock().millis();
    }

    private static String trace() {
        return UUID.randomUUID().toString();
    }

    private static ApiResponse ok(ObjectNode node) {
        return json(200, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(node));
    }

    private static ApiResponse json(int status, byte[] body) {
        return ApiResponse.json(status, body);
    }
}

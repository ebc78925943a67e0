package io.a2ebatch.contract.capture;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.a2ebatch.spec.SpecJson;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * One HTTP request and its answer, as the contract suite judges them, wherever they were captured.
 *
 * @param source          where the exchange was captured
 * @param at              when the request arrived (simulator) or was sent (client, proxy)
 * @param method          upper-case HTTP method
 * @param path            request path without the query
 * @param query           raw query string without {@code ?}, empty when none
 * @param requestHeaders  request headers as sent
 * @param requestBody     request body bytes, empty when none
 * @param status          HTTP status, 0 when no answer came (dropped connection)
 * @param responseHeaders response headers, empty when no answer came
 * @param responseBody    response body bytes, empty when none
 */
public record Interaction(Source source, Instant at, String method, String path, String query,
                          Map<String, List<String>> requestHeaders, byte[] requestBody, int status,
                          Map<String, List<String>> responseHeaders, byte[] responseBody) {

    /** {@code User-Agent} of the requests the suite sends itself; they are judged but not counted as the client's. */
    public static final String PROBE_USER_AGENT = "a2e-contract-tests";

    /** Where an interaction was captured. */
    public enum Source {
        /** Seen by the simulator's exchange listener (its {@code Authorization} header masked). */
        SIMULATOR("seen by the simulator"),
        /** Recorded inside the client's HTTP client, before it left the process. */
        CLIENT("recorded in the client"),
        /** Answered by the suite's fault-injecting proxy instead of the simulator. */
        PROXY("answered by the fault proxy");

        private final String description;

        Source(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    public Interaction {
        requestHeaders = Map.copyOf(requestHeaders);
        responseHeaders = Map.copyOf(responseHeaders);
    }

    /** Splits {@code pathAndQuery} ({@code /api/v1/x/list?pageNum=1}) into path and query. */
    public static String[] splitUrl(String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        return q < 0 ? new String[] {pathAndQuery, ""} : new String[] {pathAndQuery.substring(0, q), pathAndQuery.substring(q + 1)};
    }

    /** Whether an answer arrived. */
    public boolean answered() {
        return status > 0;
    }

    /** Whether the client under test sent the request, not the suite's own probes ({@link #PROBE_USER_AGENT}). */
    public boolean sentByClient() {
        return !requestHeader("User-Agent").map(PROBE_USER_AGENT::equals).orElse(false);
    }

    /** The first value of a request header, ignoring the case of its name. */
    public Optional<String> requestHeader(String name) {
        return first(requestHeaders, name);
    }

    /** The first value of a response header, ignoring the case of its name. */
    public Optional<String> responseHeader(String name) {
        return first(responseHeaders, name);
    }

    public String requestBodyText() {
        return new String(requestBody, StandardCharsets.UTF_8);
    }

    public String responseBodyText() {
        return new String(responseBody, StandardCharsets.UTF_8);
    }

    /** The request body as JSON, if it is JSON. */
    public Optional<JsonNode> requestJson() {
        return json(requestBody);
    }

    /** The response body as JSON, if it is JSON. */
    public Optional<JsonNode> responseJson() {
        return json(responseBody);
    }

    /** Decoded query parameters, every value of each, in order. */
    public Map<String, List<String>> queryParameters() {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            }
        }
        return params;
    }

    /** {@code POST /api/v1/klingVideo/start -> 200}. */
    public String summary() {
        return method + " " + path + (query.isEmpty() ? "" : "?" + query) + " -> "
                + (answered() ? String.valueOf(status) : "no answer (connection dropped)");
    }

    private static Optional<JsonNode> json(byte[] body) {
        if (body.length == 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(SpecJson.MAPPER.readTree(body));
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> first(Map<String, List<String>> headers, String name) {
        for (var entry : headers.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
                return Optional.of(entry.getValue().get(0));
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return summary() + " (" + source.description() + ")";
    }
}

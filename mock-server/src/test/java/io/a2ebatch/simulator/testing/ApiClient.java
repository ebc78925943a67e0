package io.a2ebatch.simulator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.a2ebatch.spec.family.TaskFamily;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small client of the simulator's API for tests, on {@link java.net.http.HttpClient}. */
public final class ApiClient {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI base;
    private final String authorization;

    public ApiClient(URI base, String token) {
        this(token == null ? null : "Bearer " + token, base);
    }

    private ApiClient(String authorization, URI base) {
        this.base = base;
        this.authorization = authorization;
    }

    /** The same client with another bearer token ({@code null}: none). */
    public ApiClient as(String otherToken) {
        return new ApiClient(base, otherToken);
    }

    /** The same client sending this {@code Authorization} header as it is. */
    public ApiClient withAuthorizationHeader(String value) {
        return new ApiClient(value, base);
    }

    /** An answer. */
    public record Reply(int status, HttpHeaders headers, byte[] bytes) {

        public String body() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        public JsonNode json() {
            return JSON.readTree(bytes);
        }

        /** {@code data} of a success envelope. */
        public JsonNode data() {
            return json().get("data");
        }

        /** {@code code} of an error response, as text. */
        public String errorCode() {
            return json().path("code").asString();
        }

        public String error() {
            return json().path("error").asString();
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + body();
        }
    }

    /** Sends a request; throws {@link UncheckedIOException} when the connection drops. */
    public Reply send(String method, String path, String body) {
        try {
            return sendOrThrow(method, path, body);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed: " + e, e);
        }
    }

    /** Sends a request; a dropped connection is an {@link IOException}. */
    public Reply sendOrThrow(String method, String path, String body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(response.statusCode(), response.headers(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    public Reply get(String path) {
        return send("GET", path, null);
    }

    public Reply post(String path, String body) {
        return send("POST", path, body);
    }

    public Reply start(TaskFamily family, String body) {
        return post(family.start().path(), body);
    }

    public Reply detail(TaskFamily family, String id) {
        return get(family.detail().path(id));
    }

    public Reply batchDetail(TaskFamily family, String body) {
        return post(family.batchDetail().orElseThrow().path(), body);
    }

    public Reply list(TaskFamily family, String query) {
        return get(family.list().orElseThrow().path() + (query.isEmpty() ? "" : "?" + query));
    }

    public Reply delete(TaskFamily family, String id) {
        return send("DELETE", family.delete().orElseThrow().path(id), null);
    }

    /** Starts a task and returns its id, failing the test unless the start succeeded. */
    public String startOk(TaskFamily family, String body) {
        Reply reply = start(family, body);
        if (reply.status() != 200) {
            throw new AssertionError("start " + family + " failed: " + reply);
        }
        return reply.data().get("_id").asString();
    }
}

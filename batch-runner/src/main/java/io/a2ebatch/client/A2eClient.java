package io.a2ebatch.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.net.ssl.SSLHandshakeException;

import io.a2ebatch.spec.SpecJson;
import io.a2ebatch.spec.family.Endpoint;
import io.a2ebatch.spec.family.Envelope;
import io.a2ebatch.spec.family.Provider;
import io.a2ebatch.spec.family.TaskFamily;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Talks to the API of any provider for any of its {@link TaskFamily task families}: one HTTP exchange
 * per call, no retries (those are decisions for the caller), every failure mapped to a typed
 * {@link A2eApiException}. What an answer means is the provider descriptor's: its {@link Envelope}
 * (A2E: {@code code} 0 and HTTP statuses; kie.ai: HTTP 200 with the status in the body's {@code code})
 * and its error table, whose decision picks the exception. Each provider's requests go to its own base
 * URL with its own token. Thread-safe.
 */
public final class A2eClient {

    private static final String USER_AGENT = "a2e-batch/0.1";

    private final ProviderEndpoints endpoints;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final RequestCounter counter;

    /** A client that sends every provider's requests to {@code baseUrl} with {@code token}. */
    public A2eClient(URI baseUrl, ApiToken token, HttpClient http, Duration requestTimeout, RequestCounter counter) {
        this(ProviderEndpoints.same(baseUrl, token), http, requestTimeout, counter);
    }

    public A2eClient(ProviderEndpoints endpoints, HttpClient http, Duration requestTimeout, RequestCounter counter) {
        this.endpoints = endpoints;
        this.http = http;
        this.requestTimeout = requestTimeout;
        this.counter = counter;
    }

    /**
     * An HTTP client suited to this one: HTTP/1.1, bounded connect time, no redirects, the trust store read
     * at the first TLS handshake ({@link DeferredTrust}).
     */
    public static HttpClient defaultHttpClient(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .sslContext(DeferredTrust.context())
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The base URL of a provider's requests. */
    public URI baseUrl(Provider provider) {
        return endpoints.of(provider).baseUrl();
    }

    public RequestCounter counter() {
        return counter;
    }

    /**
     * This client counting its requests into {@code counter} instead (same endpoints, same HTTP client):
     * a fleet's partition counts its own, whichever process it shares.
     */
    public A2eClient countingInto(RequestCounter counter) {
        return new A2eClient(endpoints, http, requestTimeout, counter);
    }

    /** Starts a task: {@code body} is the start request as the family's schema wants it. */
    public TaskRecord start(TaskFamily family, JsonNode body) {
        Endpoint endpoint = family.start();
        JsonNode data = exchange(ApiCall.START, family.provider(), endpoint, endpoint.pathTemplate(), body);
        if (!data.isObject() || TaskRecord.read(data, family).id().isEmpty()) {
            throw new UnexpectedResponseException(new A2eApiException.Failure(endpoint.label(), 200, "", "",
                    "the start response has no task id in data." + family.fields().id(), null));
        }
        return TaskRecord.read(data, family);
    }

    /** Reads one task. */
    public TaskRecord detail(TaskFamily family, String taskId) {
        Endpoint endpoint = family.detail();
        JsonNode data = exchange(ApiCall.DETAIL, family.provider(), endpoint, endpoint.path(taskId), null);
        return TaskRecord.read(data, family);
    }

    /**
     * Reads many tasks in one request. Ids A2E does not know are simply absent from the answer.
     *
     * @throws IllegalStateException if the family has no batchDetail operation
     */
    public List<TaskRecord> batchDetail(TaskFamily family, List<String> taskIds) {
        Endpoint endpoint = family.batchDetail().orElseThrow(() ->
                new IllegalStateException(family.name() + " has no batchDetail operation"));
        ObjectNode body = SpecJson.MAPPER.createObjectNode();
        body.putArray("ids").addAll(taskIds.stream().map(SpecJson.MAPPER.getNodeFactory()::stringNode).toList());
        JsonNode data = exchange(ApiCall.BATCH_DETAIL, family.provider(), endpoint, endpoint.pathTemplate(), body);
        return records(family, itemsOf(data));
    }

    /**
     * Reads one page of the family's task list, newest first.
     *
     * @throws IllegalStateException if the family has no list operation
     */
    public TaskPage list(TaskFamily family, int pageNum, int pageSize) {
        Endpoint endpoint = family.list().orElseThrow(() ->
                new IllegalStateException(family.name() + " has no list operation"));
        JsonNode data = exchange(ApiCall.LIST, family.provider(), endpoint,
                endpoint.pathTemplate() + "?pageNum=" + pageNum + "&pageSize=" + pageSize, null);
        JsonNode total = data.isObject() ? data.get("total") : null;
        return new TaskPage(records(family, itemsOf(data)),
                total != null && total.canConvertToLong() ? total.asLong() : -1);
    }

    private static List<TaskRecord> records(TaskFamily family, JsonNode items) {
        List<TaskRecord> records = new ArrayList<>(items.size());
        for (JsonNode item : items) {
            if (item.isObject()) {
                records.add(TaskRecord.read(item, family));
            }
        }
        return records;
    }

    /** The records of a batchDetail or list answer: an array, or an object holding one. */
    private static JsonNode itemsOf(JsonNode data) {
        if (data.isArray()) {
            return data;
        }
        for (String field : List.of("list", "rows", "records", "items", "data")) {
            JsonNode candidate = data.get(field);
            if (candidate != null && candidate.isArray()) {
                return candidate;
            }
        }
        return SpecJson.MAPPER.createArrayNode();
    }

    private JsonNode exchange(ApiCall call, Provider provider, Endpoint endpoint, String pathAndQuery,
                              JsonNode body) {
        String operation = endpoint.label();
        ProviderEndpoints.ApiEndpoint target = endpoints.of(provider);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.baseUrl() + pathAndQuery))
                .timeout(requestTimeout)
                .header("Authorization", target.token().bearerHeader())
                .header("Accept", "application/json")
                .header("User-Agent", USER_AGENT);
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(endpoint.method(), HttpRequest.BodyPublishers.ofString(body.toString()));
        } else {
            request.method(endpoint.method(), HttpRequest.BodyPublishers.noBody());
        }
        counter.recordSent(call);
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            counter.recordFailure();
            throw new TransportException(new A2eApiException.Failure(operation, 0, "", "",
                    "no response (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                            + ")", e), connectFailure(e).map(why -> "cannot connect to " + target.baseUrl() + " (" + why + ")")
                    .orElse(null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            counter.recordFailure();
            throw new TransportException(new A2eApiException.Failure(operation, 0, "", "",
                    "interrupted while waiting for the response", e));
        }
        return interpret(provider, operation, response);
    }

    /**
     * Why the connection itself could not be made (connection refused, unknown host, no route, TLS
     * handshake, connect time-out), or empty when it was made and broke later.
     */
    static Optional<String> connectFailure(IOException e) {
        if (e instanceof HttpConnectTimeoutException) {
            return Optional.of("no connection within the connect timeout");
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return Optional.of("unknown host");
            }
            if (t instanceof NoRouteToHostException) {
                return Optional.of("no route to host");
            }
            if (t instanceof SSLHandshakeException) {
                return Optional.of("TLS: " + t.getMessage());
            }
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException) {
                return Optional.of("connection refused");
            }
        }
        return Optional.empty();
    }

    /** Reads an answer with the provider's envelope; its error table's decision picks the exception. */
    private JsonNode interpret(Provider provider, String operation, HttpResponse<String> response) {
        JsonNode json = parse(response.body());
        Envelope.Answer answer = provider.read(response.statusCode(), json);
        if (answer.ok()) {
            return answer.data();
        }
        counter.recordFailure();
        String message = !answer.message().isBlank() ? answer.message()
                : json == null ? abbreviate(response.body()) : "no message in the response";
        A2eApiException.Failure failure = new A2eApiException.Failure(operation, answer.status(), answer.apiCode(),
                answer.traceId(), message, null);
        throw switch (answer.error()) {
            case RATE_LIMITED -> {
                counter.recordRateLimited();
                yield new RateLimitedException(failure, retryAfter(response.headers().map()).orElse(null));
            }
            case UNAVAILABLE -> new ServiceUnavailableException(failure);
            case SERVER_ERROR -> new ServerErrorException(failure);
            case UNAUTHORIZED -> new AuthenticationException(failure);
            case OUT_OF_CREDITS -> new InsufficientCreditsException(failure);
            case NOT_FOUND -> new TaskNotFoundException(failure);
            case REJECTED -> new RequestRejectedException(failure);
            case UNEXPECTED_RESPONSE -> new UnexpectedResponseException(
                    new A2eApiException.Failure(operation, response.statusCode(), answer.apiCode(), answer.traceId(),
                            json == null || !json.isObject()
                                    ? "the response body is not a JSON object: " + abbreviate(response.body())
                                    : answer.message(), null));
        };
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return SpecJson.MAPPER.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }

    private static Optional<Duration> retryAfter(Map<String, List<String>> headers) {
        List<String> values = headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("Retry-After"))
                .flatMap(e -> e.getValue().stream()).toList();
        if (values.isEmpty()) {
            return Optional.empty();
        }
        String value = values.get(0).trim();
        try {
            return Optional.of(Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000)));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration until = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return Optional.of(until.isNegative() ? Duration.ZERO : until);
            } catch (RuntimeException notADate) {
                return Optional.empty();
            }
        }
    }

    private static String abbreviate(String body) {
        if (body == null || body.isEmpty()) {
            return "(empty body)";
        }
        String oneLine = body.replaceAll("\\s+", " ");
        return oneLine.length() > 200 ? oneLine.substring(0, 197) + "..." : oneLine;
    }
}

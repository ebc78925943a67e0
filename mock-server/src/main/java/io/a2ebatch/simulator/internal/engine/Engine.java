package io.a2ebatch.simulator.internal.engine;

import io.a2ebatch.simulator.internal.http.ApiError;
import io.a2ebatch.simulator.internal.http.ApiRequest;
import io.a2ebatch.simulator.internal.http.ApiResponse;
import io.a2ebatch.simulator.internal.http.Json;
import io.a2ebatch.simulator.internal.tasks.ResultFiles;
import io.a2ebatch.simulator.internal.tasks.TaskApi;
import io.a2ebatch.simulator.internal.tasks.TaskRecords;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.Supplier;

import io.a2ebatch.simulator.Exchange;
import io.a2ebatch.simulator.ExchangeListener;
import io.a2ebatch.simulator.LoggedRequest;
import io.a2ebatch.simulator.SimulatorConfig;
import io.a2ebatch.simulator.SimulatorOperation;
import io.a2ebatch.simulator.internal.accounts.Accounts;
import io.a2ebatch.simulator.internal.accounts.Credential;
import io.a2ebatch.simulator.TokenMask;
import io.a2ebatch.simulator.internal.chaos.Injection;
import io.a2ebatch.simulator.internal.chaos.Randomness;
import io.a2ebatch.simulator.internal.lifecycle.TaskStore;
import io.a2ebatch.simulator.internal.lifecycle.TaskView;
import io.a2ebatch.simulator.internal.stats.Counters;
import io.a2ebatch.simulator.internal.stats.RequestLog;
import io.a2ebatch.simulator.internal.throttle.TokenBucket;
import io.a2ebatch.spec.family.TaskFamily;
import io.a2ebatch.spec.family.TaskState;
import tools.jackson.databind.JsonNode;

/**
 * The request pipeline, independent of the HTTP server in front of it. For an API request, in this
 * order: injected failure, authentication, rate limit, then the family operation (which parses and
 * validates the body, moderates it, charges credits and creates the task). A start request chosen
 * for an injected failure may first be carried out, so the client is left in doubt whether its task
 * exists. Every answer is counted, logged and shown to the listeners before it is sent.
 *
 * <p>Requests hold a shared lock that {@link #exclusively} (reset) takes exclusively, so a reset never
 * interleaves with a request.
 */
public final class Engine {

    private static final System.Logger LOG = System.getLogger(Engine.class.getName());
    private static final String ADMIN_PREFIX = "/__a2e";
    private static final int KEPT_LISTENER_ERRORS = 100;

    private final Routes routes;
    private final Accounts accounts;
    private final TaskStore store;
    private final TaskApi taskApi;
    private final ResultFiles resultFiles;
    private final Counters counters;
    private final RequestLog requestLog;
    private final Function<ApiRequest, ApiResponse> admin;
    private final Supplier<String> defaultBaseUrl;
    private final ReadWriteLock resetLock = new ReentrantReadWriteLock();
    private final ArrayDeque<Throwable> listenerErrors = new ArrayDeque<>();
    private volatile SimulatorConfig config;
    private volatile Randomness randomness;

    /**
     * @param admin          answers {@code /__a2e/...} requests
     * @param defaultBaseUrl the simulator's base URL, for result URLs of requests without a Host header
     */
    public Engine(SimulatorConfig config, Randomness randomness, Routes routes, Accounts accounts, TaskStore store,
                  ResultFiles resultFiles, Counters counters, RequestLog requestLog,
                  Function<ApiRequest, ApiResponse> admin, Supplier<String> defaultBaseUrl) {
        this.config = config;
        this.randomness = randomness;
        this.routes = routes;
        this.accounts = accounts;
        this.store = store;
        this.resultFiles = resultFiles;
        this.taskApi = new TaskApi(store, new TaskRecords(resultFiles));
        this.counters = counters;
        this.requestLog = requestLog;
        this.admin = admin;
        this.defaultBaseUrl = defaultBaseUrl;
    }

    public SimulatorConfig config() {
        return config;
    }

    /** Puts a new configuration in force; a new seed restarts the random streams. */
    public void configure(SimulatorConfig next) {
        if (next.seed() != config.seed()) {
            randomness = new Randomness(next.seed());
        }
        requestLog.capacity(next.requestLogSize());
        config = next;
    }

    /** The random streams in use. */
    public Randomness randomness() {
        return randomness;
    }

    /** Runs {@code action} like a request: never during {@link #exclusively}. */
    public void shared(Runnable action) {
        resetLock.readLock().lock();
        try {
            action.run();
        } finally {
            resetLock.readLock().unlock();
        }
    }

    /** Runs {@code action} while no request is being handled. */
    public void exclusively(Runnable action) {
        resetLock.writeLock().lock();
        try {
            action.run();
        } finally {
            resetLock.writeLock().unlock();
        }
    }

    /** Exceptions listeners threw, most recent last (at most {@value #KEPT_LISTENER_ERRORS}). */
    public List<Throwable> listenerErrors() {
        synchronized (listenerErrors) {
            return List.copyOf(listenerErrors);
        }
    }

    /** Forgets recorded listener errors. */
    public void clearListenerErrors() {
        synchronized (listenerErrors) {
            listenerErrors.clear();
        }
    }

    /** Answers one request. */
    public ApiResponse handle(ApiRequest request) {
        SimulatorConfig cfg = config;
        Instant receivedAt = cfg.clock().instant();
        if (request.path().equals(ADMIN_PREFIX) || request.path().startsWith(ADMIN_PREFIX + "/")) {
            ApiResponse response = admin.apply(request);
            counters.admin();
            notifyListeners(cfg, request, receivedAt, response, SimulatorOperation.ADMIN, null);
            return response;
        }
        resetLock.readLock().lock();
        try {
            return request.path().startsWith(ResultFiles.PREFIX)
                    ? resultFile(cfg, request, receivedAt)
                    : api(cfg, request, receivedAt);
        } finally {
            resetLock.readLock().unlock();
        }
    }

    private ApiResponse api(SimulatorConfig cfg, ApiRequest request, Instant receivedAt) {
        long now = receivedAt.toEpochMilli();
        Randomness random = randomness;
        Optional<Routes.Match> match = routes.resolve(request.method(), request.path());
        SimulatorOperation operation = match.map(m -> m.route().operation()).orElse(SimulatorOperation.OTHER);
        TaskFamily family = match.map(m -> m.route().family()).orElse(null);
        String token = bearerToken(request);
        String traceId = random.traceId();
        Injection injection = random.injection(cfg, operation);

        ApiResponse response;
        if (!injection.isNone() && !injection.afterCreate()) {
            counters.injected(injection.kind() == Injection.Kind.FAULT, operation, false);
            response = injected(cfg, injection, now, traceId);
        } else {
            response = answer(cfg, random, request, match, token, now, traceId);
            if (!injection.isNone()) {
                counters.injected(injection.kind() == Injection.Kind.FAULT, operation, response.status() == 200);
                response = injected(cfg, injection, now, traceId);
            }
        }
        response = response.withDelay(random.latencyMillis(cfg.latencyFor(operation)));
        record(cfg, request, receivedAt, response, operation, family, TokenMask.mask(token));
        return response;
    }

    private ApiResponse answer(SimulatorConfig cfg, Randomness random, ApiRequest request, Optional<Routes.Match> match,
                               String token, long now, String traceId) {
        try {
            Credential credential = authenticate(request, token);
            throttle(cfg, credential, now);
            JsonNode data = dispatch(cfg, random, request, match, credential, now);
            return ApiResponse.json(200, Json.success(data, traceId));
        } catch (ApiError e) {
            return error(e, now, traceId);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "The simulator failed on " + request.method() + " " + request.path(), e);
            return error(new ApiError(500, "INTERNAL_ERROR", "The simulator failed while handling this request. "
                    + "This is a simulator bug, not an injected error; please report it"),
                    now, traceId);
        }
    }

    private JsonNode dispatch(SimulatorConfig cfg, Randomness random, ApiRequest request,
                              Optional<Routes.Match> match, Credential credential, long now) {
        if (match.isEmpty()) {
            List<String> methods = routes.methodsFor(request.path());
            if (!methods.isEmpty()) {
                throw new ApiError(405, "METHOD_NOT_ALLOWED", request.method() + " is not an operation of "
                        + request.path() + "; the spec has " + String.join(", ", methods) + " there", List.of(),
                        Map.of("Allow", String.join(", ", methods)));
            }
            throw ApiError.notFound("The A2E API has no operation " + request.method() + " " + request.path()
                    + "; check the path against the spec (a2e-spec: a2e/openapi.json)");
        }
        Routes.Route route = match.get().route();
        TaskApi.Call call = new TaskApi.Call(request, credential.account(), route.family(), match.get().id(), now, cfg,
                baseUrl(request));
        return switch (route.operation()) {
            case START -> taskApi.start(call, random);
            case DETAIL -> taskApi.detail(call);
            case BATCH_DETAIL -> taskApi.batchDetail(call);
            case LIST -> taskApi.list(call);
            case DELETE -> taskApi.delete(call);
            default -> throw new ApiError(501, "NOT_SIMULATED", "The A2E simulator does not model " + route.label()
                    + "; it serves start, detail, batchDetail, list and delete of the "
                    + "task families. Call the real A2E API for this operation");
        };
    }

    private static String bearerToken(ApiRequest request) {
        String header = request.header("Authorization").orElse("").trim();
        if (header.length() > 7 && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = header.substring(7).trim();
            return token.isEmpty() ? null : token;
        }
        return null;
    }

    private Credential authenticate(ApiRequest request, String token) {
        if (token == null) {
            boolean hasHeader = request.header("Authorization").map(h -> !h.isBlank()).orElse(false);
            throw new ApiError(401, "UNAUTHORIZED", hasHeader
                    ? "The Authorization header is not 'Bearer <API token>'; send Authorization: Bearer sk_..."
                    : "No Authorization header; send Authorization: Bearer <API token>");
        }
        Credential credential = accounts.find(token).orElseThrow(() -> new ApiError(401, "UNAUTHORIZED",
                "The bearer token " + TokenMask.mask(token) + " is not a valid API token; check the token you send"));
        if (!credential.account().enabled()) {
            throw new ApiError(401, "UNAUTHORIZED", "The API token " + credential.mask()
                    + " has been disabled; enable it again or use another token");
        }
        return credential;
    }

    private static void throttle(SimulatorConfig cfg, Credential credential, long now) {
        long waitMillis = credential.bucket().tryAcquire(now, cfg.rateLimit());
        if (waitMillis > 0) {
            long seconds = TokenBucket.retryAfterSeconds(waitMillis);
            throw new ApiError(429, "RATE_LIMITED", "Token " + credential.mask() + " sent more than " + cfg.rateLimit()
                    + " requests per second; wait " + seconds + " second" + (seconds == 1 ? "" : "s")
                    + " (Retry-After) and send fewer requests", List.of(), Map.of("Retry-After", String.valueOf(seconds)));
        }
    }

    private static ApiResponse injected(SimulatorConfig cfg, Injection injection, long now, String traceId) {
        if (injection.kind() == Injection.Kind.FAULT) {
            return ApiResponse.dropped();
        }
        String advice = " Retry later; after a failed start request, look the task up by name before starting it "
                + "again: it may have been created.";
        if (injection.status() == 503) {
            return error(new ApiError(503, "SERVICE_UNAVAILABLE", "The service is temporarily unavailable (injected by "
                    + "the A2E simulator, error rate " + cfg.errorRate() + ")." + advice, List.of(),
                    Map.of("Retry-After", "1")), now, traceId);
        }
        return error(new ApiError(500, "INTERNAL_ERROR", "Internal server error (injected by the A2E simulator, "
                + "error rate " + cfg.errorRate() + ")." + advice), now, traceId);
    }

    private static ApiResponse error(ApiError e, long now, String traceId) {
        ApiResponse response = ApiResponse.json(e.status(),
                Json.error(e.code(), e.getMessage(), e.violations(), now, traceId));
        for (var header : e.headers().entrySet()) {
            response = response.withHeader(header.getKey(), header.getValue());
        }
        return response;
    }

    private ApiResponse resultFile(SimulatorConfig cfg, ApiRequest request, Instant receivedAt) {
        long now = receivedAt.toEpochMilli();
        String file = request.path().substring(ResultFiles.PREFIX.length());
        int dot = file.lastIndexOf('.');
        String id = dot < 0 ? file : file.substring(0, dot);
        Optional<TaskView> task = request.method().equals("GET") || request.method().equals("HEAD")
                ? store.viewAny(id, now, cfg.maxProcessing()) : Optional.empty();
        ApiResponse response;
        if (task.isPresent() && task.get().state() == TaskState.COMPLETED
                && file.equals(id + "." + resultFiles.extension(task.get().family()))) {
            response = ResultFiles.content(resultFiles.extension(task.get().family()), id);
        } else {
            response = error(ApiError.notFound("No result file " + request.path() + ": result URLs come from "
                    + "completed tasks' records"), now, randomness.traceId());
        }
        response = response.withDelay(randomness.latencyMillis(cfg.latencyFor(SimulatorOperation.RESULT_FILE)));
        record(cfg, request, receivedAt, response, SimulatorOperation.RESULT_FILE,
                task.map(TaskView::family).orElse(null), null);
        return response;
    }

    private String baseUrl(ApiRequest request) {
        return request.header("Host").filter(h -> !h.isBlank()).map(h -> "http://" + h).orElseGet(defaultBaseUrl);
    }

    private void record(SimulatorConfig cfg, ApiRequest request, Instant receivedAt, ApiResponse response,
                        SimulatorOperation operation, TaskFamily family, String account) {
        counters.request(operation, response.status());
        String familyName = family == null ? null : family.name();
        requestLog.add(new LoggedRequest(receivedAt, request.method(), request.path(), operation, familyName,
                response.status(), account));
        notifyListeners(cfg, request, receivedAt, response, operation, familyName);
    }

    private void notifyListeners(SimulatorConfig cfg, ApiRequest request, Instant receivedAt, ApiResponse response,
                                 SimulatorOperation operation, String family) {
        List<ExchangeListener> listeners = cfg.listeners();
        if (listeners.isEmpty()) {
            return;
        }
        Exchange exchange = new Exchange(receivedAt, request.method(), request.url(), maskedHeaders(request.headers()),
                request.body(), response.status(), response.headers(), response.body(), operation, family,
                response.fault());
        for (ExchangeListener listener : listeners) {
            try {
                listener.onExchange(exchange);
            } catch (RuntimeException | AssertionError e) {
                counters.listenerError();
                synchronized (listenerErrors) {
                    if (listenerErrors.size() == KEPT_LISTENER_ERRORS) {
                        listenerErrors.pollFirst();
                    }
                    listenerErrors.addLast(e);
                }
                LOG.log(Level.WARNING, "Exchange listener " + listener + " failed on " + exchange, e);
            }
        }
    }

    private static Map<String, List<String>> maskedHeaders(Map<String, List<String>> headers) {
        Map<String, List<String>> masked = new LinkedHashMap<>();
        headers.forEach((name, values) -> masked.put(name, name.equalsIgnoreCase("Authorization")
                ? values.stream().map(Engine::maskAuthorization).toList() : values));
        return masked;
    }

    private static String maskAuthorization(String value) {
        int space = value.indexOf(' ');
        return space < 0 ? TokenMask.mask(value) : value.substring(0, space + 1) + TokenMask.mask(value.substring(space + 1).trim());
    }
}

package io.a2ebatch.simulator;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * Everything that shapes a simulator's behaviour, in a few groups; immutable and validated on
 * construction. Build one with {@link A2eSimulator#builder()} (which also starts the simulator) or
 * {@link #builder()}, whose setters stay flat ({@code .rateLimit(5).failureRate(0.1)}); change a
 * running simulator with {@link A2eSimulator#update}.
 *
 * @param server    where it listens, what it keeps
 * @param access    who may call it and what calls cost
 * @param tasks     how tasks run
 * @param chaos     what goes wrong on purpose
 * @param callbacks how callbacks to a start request's callback URL are delivered
 * @param fileHost  when present, result files of this size and behaviour are served from a host of
 *                  their own (see {@link FileHostConfig}); else small placeholders under the API's base URL
 * @param seed      seeds ids, durations, outcomes, injected failures and latency
 * @param clock     the simulator's clock; every task timeline and rate limit reads it
 * @param listeners see every exchange
 */
public record SimulatorConfig(Server server, Access access, Tasks tasks, Chaos chaos, Callbacks callbacks,
                              Optional<FileHostConfig> fileHost, long seed, Clock clock,
                              List<ExchangeListener> listeners) {

    /** The token accepted when none is configured. */
    public static final String DEFAULT_TOKEN = "sk_test_simulator";

    public SimulatorConfig {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(tasks, "tasks");
        Objects.requireNonNull(chaos, "chaos");
        Objects.requireNonNull(callbacks, "callbacks");
        Objects.requireNonNull(fileHost, "fileHost");
        Objects.requireNonNull(clock, "clock");
        listeners = List.copyOf(listeners);
    }

    /**
     * Where the simulator listens and what it keeps.
     *
     * @param port           TCP port, 0 for a free one
     * @param bindAddress    address to listen on ({@code 127.0.0.1} unless told otherwise)
     * @param stateDir       directory whose journal keeps tasks and credits across restarts, if any
     * @param requestLogSize entries kept in the recent-request log, 0 for none
     */
    public record Server(int port, String bindAddress, Optional<Path> stateDir, int requestLogSize) {

        public Server {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0 (any free port) or 1..65535, got " + port);
            }
            Objects.requireNonNull(bindAddress, "bindAddress");
            if (bindAddress.isBlank()) {
                throw new IllegalArgumentException("bindAddress is blank; use 127.0.0.1 (this machine only) or 0.0.0.0");
            }
            Objects.requireNonNull(stateDir, "stateDir");
            requireAtLeast("requestLogSize", requestLogSize, 0);
        }
    }

    /**
     * Who may call the simulator and what calls cost.
     *
     * @param tokens    accepted bearer tokens, each its own account
     * @param credits   credits each account starts with
     * @param taskCost  credits charged when a task is started
     * @param rateLimit requests per second per token, 0 for unlimited; a burst of one second's worth is allowed
     */
    public record Access(List<String> tokens, long credits, long taskCost, double rateLimit) {

        public Access {
            tokens = List.copyOf(new LinkedHashSet<>(Objects.requireNonNull(tokens, "tokens")));
            if (tokens.isEmpty()) {
                throw new IllegalArgumentException("Give at least one accepted bearer token (default " + DEFAULT_TOKEN + ")");
            }
            for (String token : tokens) {
                checkToken(token);
            }
            requireAtLeast("credits", credits, 0);
            requireAtLeast("taskCost", taskCost, 0);
            if (!Double.isFinite(rateLimit) || rateLimit < 0) {
                throw new IllegalArgumentException("rateLimit must be requests per second >= 0 (0 = unlimited), got " + rateLimit);
            }
        }

        /** Tokens are secrets even in a simulator: only their masks are shown. */
        @Override
        public String toString() {
            return "Access[tokens=" + tokens.stream().map(TokenMask::mask).collect(Collectors.joining(", ", "[", "]"))
                    + ", credits=" + credits + ", taskCost=" + taskCost + ", rateLimit=" + rateLimit + "]";
        }
    }

    /**
     * How tasks run.
     *
     * @param duration      processing time of a task
     * @param dispatchStep  how long a task stays {@code initialized}, then {@code sent}, then at least
     *                      {@code pending}, before it can start processing
     * @param timeout       a task not finished this long after its start request fails with {@code TIMEOUT} (refunded)
     * @param maxProcessing tasks processing at once per account; later tasks wait in {@code pending}
     * @param failureRate   share of tasks that end {@code failed} (and are refunded)
     * @param resultLifetime how long a completed task's result URLs work, from its completion (kie.ai
     *                       documents 14 days); afterwards they answer 403
     */
    public record Tasks(DurationRange duration, Duration dispatchStep, Duration timeout, int maxProcessing,
                        double failureRate, Duration resultLifetime) {

        public Tasks {
            Objects.requireNonNull(duration, "taskDuration");
            Objects.requireNonNull(dispatchStep, "dispatchStep");
            if (dispatchStep.isNegative()) {
                throw new IllegalArgumentException("dispatchStep cannot be negative, got " + dispatchStep);
            }
            Objects.requireNonNull(timeout, "taskTimeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("taskTimeout must be positive, got " + DurationRange.format(timeout));
            }
            requireAtLeast("maxProcessing", maxProcessing, 1);
            requireShare("failureRate", failureRate);
            Objects.requireNonNull(resultLifetime, "resultLifetime");
            if (resultLifetime.isNegative() || resultLifetime.isZero()) {
                throw new IllegalArgumentException("resultLifetime must be positive, got "
                        + DurationRange.format(resultLifetime));
            }
        }

        @Override
        public String toString() {
            return "Tasks[duration=" + duration + ", dispatchStep=" + DurationRange.format(dispatchStep) + ", timeout="
                    + DurationRange.format(timeout) + ", maxProcessing=" + maxProcessing + ", failureRate="
                    + failureRate + ", resultLifetime=" + DurationRange.format(resultLifetime) + "]";
        }
    }

    /**
     * What goes wrong on purpose.
     *
     * @param errorRate        share of API requests answered with an injected 500 or 503
     * @param faultRate        share of API requests whose connection is dropped without an answer
     * @param latency          time added to every API response
     * @param operationLatency per-operation overrides of {@code latency}
     * @param maintenance      every API request is refused as in a maintenance window (A2E: 503 with
     *                         {@code Retry-After}; kie.ai: 455), until switched off
     */
    public record Chaos(double errorRate, double faultRate, DurationRange latency,
                        Map<SimulatorOperation, DurationRange> operationLatency, boolean maintenance) {

        public Chaos {
            requireShare("errorRate", errorRate);
            requireShare("faultRate", faultRate);
            if (errorRate + faultRate > 1.0) {
                throw new IllegalArgumentException("errorRate + faultRate is the share of requests that fail and cannot "
                        + "exceed 1, got " + errorRate + " + " + faultRate);
            }
            Objects.requireNonNull(latency, "latency");
            operationLatency = Collections.unmodifiableMap(operationLatency.isEmpty()
                    ? new EnumMap<>(SimulatorOperation.class) : new EnumMap<>(operationLatency));
        }

        /** The latency added to responses of {@code operation}. */
        public DurationRange latencyFor(SimulatorOperation operation) {
            return operationLatency.getOrDefault(operation, latency);
        }
    }

    /**
     * How the simulator calls back when a task that was started with a callback URL finishes (for
     * providers that call back, per their descriptor). A delivery that fails (an answer other than 2xx,
     * or an I/O error) is retried up to {@code 3} times, as kie.ai documents, {@code retryBackoff},
     * then twice and four times that apart. The API token is never sent.
     *
     * @param dropRate      share of callbacks never sent (kie.ai: "callbacks may be lost")
     * @param duplicateRate share of callbacks sent twice
     * @param delay         time between a task finishing and its callback being sent
     * @param reorder       each callback waits a further random time of up to the delay's maximum (one
     *                      second if that is 0), so callbacks of tasks finishing close together arrive
     *                      out of order
     * @param retryBackoff  wait before the first retry
     */
    public record Callbacks(double dropRate, double duplicateRate, DurationRange delay, boolean reorder,
                            Duration retryBackoff) {

        public Callbacks {
            requireShare("callbackDropRate", dropRate);
            requireShare("callbackDuplicateRate", duplicateRate);
            Objects.requireNonNull(delay, "callbackDelay");
            Objects.requireNonNull(retryBackoff, "callbackRetryBackoff");
            if (retryBackoff.isNegative()) {
                throw new IllegalArgumentException("callbackRetryBackoff cannot be negative, got " + retryBackoff);
            }
        }
    }

    /** A builder with the defaults: a free port on 127.0.0.1, token {@value #DEFAULT_TOKEN}, no failures. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration, to change some of it. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.copyFrom(this);
        return b;
    }

    @Override
    public String toString() {
        return "SimulatorConfig[" + server + ", " + access + ", " + tasks + ", " + chaos + ", " + callbacks
                + ", fileHost=" + fileHost
                + ", seed=" + seed + ", clock=" + clock + ", listeners=" + listeners.size() + "]";
    }

    private static void checkToken(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("A bearer token cannot be empty");
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                throw new IllegalArgumentException("Bearer token " + TokenMask.mask(token)
                        + " contains whitespace or a control character at position " + (i + 1)
                        + "; a token is one word such as sk_test_abc123");
            }
        }
    }

    private static void requireAtLeast(String name, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ", got " + value);
        }
    }

    private static void requireShare(String name, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(name + " is a share of 0..1 (0.05 = 5%), got " + value);
        }
    }

    /** Builds a {@link SimulatorConfig}. */
    public static final class Builder extends Settings<Builder> {

        Builder() {
        }

        @Override
        protected Builder self() {
            return this;
        }
    }

    /**
     * The options of a simulator, shared by {@link Builder} and {@link A2eSimulator.Builder}.
     *
     * @param <B> the concrete builder, returned by every setter
     */
    public abstract static class Settings<B extends Settings<B>> {

        private int port;
        private String bindAddress = "127.0.0.1";
        private final List<String> tokens = new ArrayList<>();
        private long credits = 100_000;
        private double rateLimit;
        private int maxProcessing = 10;
        private DurationRange taskDuration = DurationRange.between(Duration.ofSeconds(2), Duration.ofSeconds(10));
        private double failureRate;
        private double errorRate;
        private double faultRate;
        private DurationRange latency = DurationRange.ZERO;
        private final Map<SimulatorOperation, DurationRange> operationLatency = new EnumMap<>(SimulatorOperation.class);
        private Long seed;
        private Clock clock = Clock.systemUTC();
        private Duration taskTimeout = Duration.ofHours(2);
        private long taskCost = 10;
        private int requestLogSize = 10_000;
        private Path stateDir;
        private final List<ExchangeListener> listeners = new ArrayList<>();
        private Duration dispatchStep = Duration.ofMillis(500);
        private FileHostConfig fileHost;
        private Duration resultLifetime = Duration.ofDays(14);
        private boolean maintenance;
        private double callbackDropRate;
        private double callbackDuplicateRate;
        private DurationRange callbackDelay = DurationRange.ZERO;
        private boolean callbackReorder;
        private Duration callbackRetryBackoff = Duration.ofSeconds(1);

        protected Settings() {
        }

        protected abstract B self();

        final void copyFrom(SimulatorConfig c) {
            port = c.server.port();
            bindAddress = c.server.bindAddress();
            stateDir = c.server.stateDir().orElse(null);
            requestLogSize = c.server.requestLogSize();
            tokens.clear();
            tokens.addAll(c.access.tokens());
            credits = c.access.credits();
            taskCost = c.access.taskCost();
            rateLimit = c.access.rateLimit();
            taskDuration = c.tasks.duration();
            dispatchStep = c.tasks.dispatchStep();
            taskTimeout = c.tasks.timeout();
            maxProcessing = c.tasks.maxProcessing();
            failureRate = c.tasks.failureRate();
            resultLifetime = c.tasks.resultLifetime();
            maintenance = c.chaos.maintenance();
            callbackDropRate = c.callbacks.dropRate();
            callbackDuplicateRate = c.callbacks.duplicateRate();
            callbackDelay = c.callbacks.delay();
            callbackReorder = c.callbacks.reorder();
            callbackRetryBackoff = c.callbacks.retryBackoff();
            errorRate = c.chaos.errorRate();
            faultRate = c.chaos.faultRate();
            latency = c.chaos.latency();
            operationLatency.clear();
            operationLatency.putAll(c.chaos.operationLatency());
            fileHost = c.fileHost.orElse(null);
            seed = c.seed;
            clock = c.clock;
            listeners.clear();
            listeners.addAll(c.listeners);
        }

        /** TCP port; 0 (the default) picks a free one, see {@link A2eSimulator#port()}. */
        public B port(int port) {
            this.port = port;
            return self();
        }

        /** Address to listen on; {@code 127.0.0.1} by default, {@code 0.0.0.0} for every interface. */
        public B bindAddress(String bindAddress) {
            this.bindAddress = bindAddress;
            return self();
        }

        /** Accepted bearer tokens, replacing the default {@value SimulatorConfig#DEFAULT_TOKEN}. */
        public B tokens(String... tokens) {
            return tokens(List.of(tokens));
        }

        /** Accepted bearer tokens, replacing the default {@value SimulatorConfig#DEFAULT_TOKEN}. */
        public B tokens(Collection<String> tokens) {
            this.tokens.clear();
            this.tokens.addAll(tokens);
            return self();
        }

        /** Credits each account starts with (default 100000). */
        public B credits(long credits) {
            this.credits = credits;
            return self();
        }

        /** Requests per second per token; 0 (the default) is unlimited. */
        public B rateLimit(double requestsPerSecond) {
            this.rateLimit = requestsPerSecond;
            return self();
        }

        /** Tasks processing at once per account (default 10); later ones wait in {@code pending}. */
        public B maxProcessing(int maxProcessing) {
            this.maxProcessing = maxProcessing;
            return self();
        }

        /** A fixed processing time per task. */
        public B taskDuration(Duration duration) {
            this.taskDuration = DurationRange.of(duration);
            return self();
        }

        /** Processing time drawn uniformly from {@code [min, max]} (default 2s..10s). */
        public B taskDuration(Duration min, Duration max) {
            this.taskDuration = DurationRange.between(min, max);
            return self();
        }

        /** Processing time per task. */
        public B taskDuration(DurationRange range) {
            this.taskDuration = range;
            return self();
        }

        /** Share of tasks that end {@code failed} and are refunded (default 0). */
        public B failureRate(double share) {
            this.failureRate = share;
            return self();
        }

        /** Share of API requests answered with an injected 500 or 503 (default 0). */
        public B errorRate(double share) {
            this.errorRate = share;
            return self();
        }

        /** Share of API requests whose connection is dropped without an answer (default 0). */
        public B faultRate(double share) {
            this.faultRate = share;
            return self();
        }

        /** A fixed time added to every API response. */
        public B latency(Duration latency) {
            this.latency = DurationRange.of(latency);
            return self();
        }

        /** Time drawn from {@code [min, max]} and added to every API response. */
        public B latency(Duration min, Duration max) {
            this.latency = DurationRange.between(min, max);
            return self();
        }

        /** Time added to every API response. */
        public B latency(DurationRange range) {
            this.latency = range;
            return self();
        }

        /** Time drawn from {@code [min, max]} and added to the responses of one operation, instead of the general latency. */
        public B latency(SimulatorOperation operation, Duration min, Duration max) {
            return latency(operation, DurationRange.between(min, max));
        }

        /** Time added to the responses of one operation, instead of the general latency. */
        public B latency(SimulatorOperation operation, DurationRange range) {
            this.operationLatency.put(Objects.requireNonNull(operation, "operation"), Objects.requireNonNull(range, "range"));
            return self();
        }

        /** Replaces every per-operation latency override. */
        public B operationLatency(Map<SimulatorOperation, DurationRange> overrides) {
            this.operationLatency.clear();
            overrides.forEach(this::latency);
            return self();
        }

        /** Makes ids, durations, outcomes, injected failures and latency reproducible (default: a random seed, shown in stats). */
        public B seed(long seed) {
            this.seed = seed;
            return self();
        }

        /** The clock every timeline and rate limit reads (default: the system clock, UTC). */
        public B clock(Clock clock) {
            this.clock = clock;
            return self();
        }

        /** A task not finished this long after its start fails with {@code TIMEOUT} and is refunded (default 2h). */
        public B taskTimeout(Duration timeout) {
            this.taskTimeout = timeout;
            return self();
        }

        /** Credits charged per started task (default 10). */
        public B taskCost(long cost) {
            this.taskCost = cost;
            return self();
        }

        /** Entries kept in the recent-request log (default 10000; 0 keeps none). */
        public B requestLogSize(int size) {
            this.requestLogSize = size;
            return self();
        }

        /** Keeps tasks and credits in a journal in this directory, so a restarted simulator still knows them. */
        public B stateDir(Path dir) {
            this.stateDir = dir;
            return self();
        }

        /** Adds a listener that sees every request and its response. */
        public B listener(ExchangeListener listener) {
            this.listeners.add(Objects.requireNonNull(listener, "listener"));
            return self();
        }

        /** How long a task stays {@code initialized}, then {@code sent}, then at least {@code pending} (default 500ms). */
        public B dispatchStep(Duration step) {
            this.dispatchStep = step;
            return self();
        }

        /** Serves result files from a host of their own with this behaviour; null for the small placeholders. */
        public B fileHost(FileHostConfig fileHost) {
            this.fileHost = fileHost;
            return self();
        }

        /** How long result URLs work after their task completed (default 14 days, as kie.ai documents). */
        public B resultLifetime(Duration lifetime) {
            this.resultLifetime = lifetime;
            return self();
        }

        /** Refuses every API request as in a maintenance window ({@code true}) until switched off again. */
        public B maintenance(boolean on) {
            this.maintenance = on;
            return self();
        }

        /** Share of callbacks never sent (default 0). */
        public B callbackDropRate(double share) {
            this.callbackDropRate = share;
            return self();
        }

        /** Share of callbacks sent twice (default 0). */
        public B callbackDuplicateRate(double share) {
            this.callbackDuplicateRate = share;
            return self();
        }

        /** Time between a task finishing and its callback (default 0). */
        public B callbackDelay(DurationRange delay) {
            this.callbackDelay = delay;
            return self();
        }

        /** Callbacks wait a further random time, so that they arrive out of order (default off). */
        public B callbackReorder(boolean reorder) {
            this.callbackReorder = reorder;
            return self();
        }

        /** Wait before the first retry of a failed callback delivery; doubled for each further one (default 1s). */
        public B callbackRetryBackoff(Duration backoff) {
            this.callbackRetryBackoff = backoff;
            return self();
        }

        /** The file host's behaviour so far, or {@link FileHostConfig#DEFAULT} when none is set. */
        public FileHostConfig fileHostOrDefault() {
            return fileHost == null ? FileHostConfig.DEFAULT : fileHost;
        }

        /**
         * The validated configuration.
         *
         * @throws IllegalArgumentException naming the option that is wrong and what it accepts
         */
        public SimulatorConfig build() {
            return new SimulatorConfig(
                    new Server(port, bindAddress, Optional.ofNullable(stateDir), requestLogSize),
                    new Access(tokens.isEmpty() ? List.of(DEFAULT_TOKEN) : tokens, credits, taskCost, rateLimit),
                    new Tasks(taskDuration, dispatchStep, taskTimeout, maxProcessing, failureRate, resultLifetime),
                    new Chaos(errorRate, faultRate, latency, operationLatency, maintenance),
                    new Callbacks(callbackDropRate, callbackDuplicateRate, callbackDelay, callbackReorder,
                            callbackRetryBackoff),
                    Optional.ofNullable(fileHost), seed != null ? seed : ThreadLocalRandom.current().nextLong(), clock,
                    listeners);
        }
    }
}

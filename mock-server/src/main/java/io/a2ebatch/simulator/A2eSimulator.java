package io.a2ebatch.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.a2ebatch.simulator.accounts.Accounts;
import io.a2ebatch.simulator.accounts.Credential;
import io.a2ebatch.simulator.admin.AdminApi;
import io.a2ebatch.simulator.chaos.Randomness;
import io.a2ebatch.simulator.engine.Engine;
import io.a2ebatch.simulator.engine.ResultFiles;
import io.a2ebatch.simulator.engine.Routes;
import io.a2ebatch.simulator.files.FileHostConfig;
import io.a2ebatch.simulator.files.FileHostStats;
import io.a2ebatch.simulator.files.ResultFileHost;
import io.a2ebatch.simulator.lifecycle.Account;
import io.a2ebatch.simulator.lifecycle.TaskStore;
import io.a2ebatch.simulator.state.StateJournal;
import io.a2ebatch.simulator.stats.Counters;
import io.a2ebatch.simulator.stats.RequestLog;
import io.a2ebatch.simulator.wiremock.WireMockFront;
import io.a2ebatch.spec.ApiSpec;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.TaskState;

/**
 * A running A2E simulator: the A2E task API of every family in the bundled spec, with real per-task
 * state, credits, rate limits, a processing cap and injected failures, on a local port.
 *
 * <pre>{@code
 * try (A2eSimulator sim = A2eSimulator.builder().tokens("sk_test_a").taskDuration(Duration.ofSeconds(1)).start()) {
 *     URI api = sim.baseUrl();   // http://127.0.0.1:<free port>
 *     ...
 *     assertThat(sim.stats().tasksNamed("row-17")).isEqualTo(1);
 * }
 * }</pre>
 *
 * Thread-safe. See {@code docs/simulator.md} for the wire protocol and the inspection API.
 */
public final class A2eSimulator implements AutoCloseable {

    private final TaskStore store;
    private final Accounts accounts;
    private final Counters counters = new Counters();
    private final RequestLog requestLog;
    private final Engine engine;
    private final StateJournal journal;
    private final WireMockFront front;
    private final ResultFileHost fileHost;
    private final URI baseUrl;
    private final Object updateLock = new Object();
    private volatile Instant startedAt;
    private final AtomicBoolean closed = new AtomicBoolean();

    private A2eSimulator(SimulatorConfig config) {
        FamilyCatalog catalog = FamilyCatalog.bundled();
        ApiSpec spec = ApiSpec.bundled();
        this.requestLog = new RequestLog(config.requestLogSize());
        Randomness randomness = new Randomness(config.seed());
        this.store = new TaskStore(this::nextTaskId);
        this.journal = config.stateDir().map(dir -> openJournal(dir, catalog)).orElse(null);
        this.accounts = new Accounts(store);
        accounts.accept(config.tokens(), config.credits());
        this.fileHost = config.fileHost().map(unused -> new ResultFileHost(config.bindAddress(),
                host(config.bindAddress()), this::fileHostConfig, config.clock(), config.seed(), counters,
                requestLog)).orElse(null);
        this.engine = new Engine(config, randomness, new Routes(spec, catalog), accounts, store,
                new ResultFiles(spec, catalog, fileHost == null ? null : fileHost::url), counters, requestLog,
                new AdminApi(this)::handle, this::baseUrlText);
        this.startedAt = config.clock().instant();
        WireMockFront server;
        try {
            server = new WireMockFront(config.bindAddress(), config.port(), engine);
            server.start();
        } catch (RuntimeException e) {
            closeJournal();
            if (fileHost != null) {
                fileHost.close();
            }
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new IllegalStateException("Cannot listen on " + config.bindAddress() + ":" + config.port()
                    + " (" + root.getMessage() + "); choose another port, or port 0 for any free one", e);
        }
        this.front = server;
        this.baseUrl = URI.create("http://" + host(config.bindAddress()) + ":" + front.port());
    }

    /** A builder with the defaults (see {@link SimulatorConfig.Settings}); {@link Builder#start()} starts it. */
    public static Builder builder() {
        return new Builder();
    }

    /** Starts a simulator with {@code config}. */
    public static A2eSimulator start(SimulatorConfig config) {
        return new A2eSimulator(Objects.requireNonNull(config, "config"));
    }

    private StateJournal openJournal(Path dir, FamilyCatalog catalog) {
        try {
            StateJournal opened = StateJournal.open(dir, store, catalog);
            store.events(opened);
            return opened;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the state directory " + dir.toAbsolutePath(), e);
        }
    }

    private FileHostConfig fileHostConfig() {
        return engine.config().fileHost().orElse(FileHostConfig.DEFAULT);
    }

    /** {@code http://127.0.0.1:<port>} of the result-file host, when the configuration has one. */
    public Optional<URI> fileHostUrl() {
        return Optional.ofNullable(fileHost).map(h -> URI.create(h.baseUrl()));
    }

    private String nextTaskId() {
        return engine.randomness().taskId();
    }

    private static String host(String bindAddress) {
        if (bindAddress.equals("0.0.0.0") || bindAddress.equals("::") || bindAddress.equals("[::]")) {
            return "127.0.0.1";
        }
        return bindAddress.contains(":") && !bindAddress.startsWith("[") ? "[" + bindAddress + "]" : bindAddress;
    }

    private String baseUrlText() {
        return baseUrl.toString();
    }

    /** {@code http://127.0.0.1:<port>}: prefix every API path with it. */
    public URI baseUrl() {
        return baseUrl;
    }

    /** The port listened on (the free one picked for port 0). */
    public int port() {
        return front.port();
    }

    /** The configuration in force. */
    public SimulatorConfig config() {
        return engine.config();
    }

    /** Counters, tasks and balances now. */
    public SimulatorStats stats() {
        SimulatorConfig cfg = engine.config();
        long now = cfg.clock().millis();
        Map<String, Long> byState = new LinkedHashMap<>();
        for (TaskState state : TaskState.values()) {
            if (state != TaskState.UNKNOWN) {
                byState.put(state.wire(), 0L);
            }
        }
        store.countByState(now, cfg.maxProcessing()).forEach((state, n) -> byState.put(state.wire(), n));
        Map<String, Long> credits = new LinkedHashMap<>();
        for (Account account : store.accounts()) {
            credits.put(account.mask(), store.credits(account, now, cfg.maxProcessing()));
        }
        return new SimulatorStats(startedAt, cfg.seed(), counters.requests(), counters.byOperation(),
                counters.byStatus(), counters.rateLimited(), counters.errorsInjected(), counters.faultsInjected(),
                counters.injectedOnStartTaskCreated(), counters.injectedOnStartNoTask(), store.tasksCreated(),
                store.tasksDeleted(), store.tasksByName(), byState, store.tasksByFamily(), credits,
                counters.adminRequests(), counters.listenerErrors(),
                fileHost == null ? FileHostStats.NONE : fileHost.stats());
    }

    /**
     * Forgets every task, counter and logged request and gives the configured tokens their starting
     * credits again; tokens added at runtime are dropped. Waits for requests in flight.
     */
    public void reset() {
        engine.exclusively(() -> {
            SimulatorConfig cfg = engine.config();
            store.clear();
            accounts.clear();
            accounts.accept(cfg.tokens(), cfg.credits());
            counters.reset();
            requestLog.clear();
            if (fileHost != null) {
                fileHost.reset();
            }
            engine.clearListenerErrors();
            startedAt = cfg.clock().instant();
        });
    }

    /**
     * Sets the balance of a token's account.
     *
     * @throws IllegalArgumentException for an unknown token or a negative balance
     */
    public void setCredits(String token, long credits) {
        Credential credential = accounts.require(token);
        engine.shared(() -> store.setCredits(credential.account(), credits));
    }

    /**
     * Adds credits to a token's account (a negative amount takes some away).
     *
     * @throws IllegalArgumentException for an unknown token or when the balance would go below zero
     */
    public void addCredits(String token, long credits) {
        Credential credential = accounts.require(token);
        SimulatorConfig cfg = engine.config();
        engine.shared(() -> store.addCredits(credential.account(), credits, cfg.clock().millis(), cfg.maxProcessing()));
    }

    /**
     * The balance of a token's account now.
     *
     * @throws IllegalArgumentException for an unknown token
     */
    public long credits(String token) {
        Credential credential = accounts.require(token);
        SimulatorConfig cfg = engine.config();
        return store.credits(credential.account(), cfg.clock().millis(), cfg.maxProcessing());
    }

    /**
     * Revokes ({@code false}: requests with it get 401) or restores a token. An unknown token is
     * added, with the configured starting credits.
     */
    public void setTokenEnabled(String token, boolean enabled) {
        SimulatorConfig cfg = engine.config();
        engine.shared(() -> store.setEnabled(accounts.accept(token, cfg.credits()).account(), enabled));
    }

    /** The recent-request log, oldest first. */
    public List<LoggedRequest> requestLog() {
        return requestLog.recent(Integer.MAX_VALUE);
    }

    /** The most recent {@code limit} requests, oldest first. */
    public List<LoggedRequest> requestLog(int limit) {
        return requestLog.recent(limit);
    }

    /** Exceptions exchange listeners threw (the most recent 100), oldest first. */
    public List<Throwable> listenerErrors() {
        return engine.listenerErrors();
    }

    /**
     * Changes the configuration of the running simulator, for example
     * {@code sim.update(c -> c.rateLimit(2))} for a 429 storm. Rates, latency, durations, the
     * processing cap, timeout, cost, seed, log size, dispatch step, starting credits of new accounts
     * and listeners can change; a change applies to the requests that follow (task durations and
     * outcomes are drawn when a task starts).
     *
     * @throws IllegalArgumentException for an invalid value, or an option that is fixed at start
     *                                  (port, bind address, tokens, clock, state directory)
     */
    public void update(Consumer<SimulatorConfig.Builder> change) {
        synchronized (updateLock) {
            SimulatorConfig current = engine.config();
            SimulatorConfig.Builder builder = current.toBuilder();
            change.accept(builder);
            SimulatorConfig next = builder.build();
            requireUnchanged("port", current.port(), next.port());
            requireUnchanged("bindAddress", current.bindAddress(), next.bindAddress());
            requireUnchanged("clock", current.clock(), next.clock());
            requireUnchanged("stateDir", current.stateDir(), next.stateDir());
            requireUnchanged("fileHost (present or not)", current.fileHost().isPresent(), next.fileHost().isPresent());
            if (!current.tokens().equals(next.tokens())) {
                throw new IllegalArgumentException("The accepted tokens are fixed at start; add or revoke one with "
                        + "setTokenEnabled(token, enabled) or POST /__a2e/tokens");
            }
            engine.configure(next);
        }
    }

    private static void requireUnchanged(String option, Object current, Object next) {
        if (!Objects.equals(current, next)) {
            throw new IllegalArgumentException(option + " is fixed when the simulator starts; start another "
                    + "simulator to use a different one");
        }
    }

    /** Stops listening, lets requests in flight finish and closes the state journal; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            front.close();
            if (fileHost != null) {
                fileHost.close();
            }
        } finally {
            engine.exclusively(this::closeJournal);
        }
    }

    private void closeJournal() {
        if (journal != null) {
            try {
                journal.close();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot close the state journal " + journal.file(), e);
            }
        }
    }

    @Override
    public String toString() {
        return "A2eSimulator[" + baseUrl + "]";
    }

    /** Configures and starts a simulator. */
    public static final class Builder extends SimulatorConfig.Settings<Builder> {

        Builder() {
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Starts a simulator with these options.
         *
         * @throws IllegalArgumentException for an invalid option
         * @throws IllegalStateException    when the port cannot be listened on
         */
        public A2eSimulator start() {
            return A2eSimulator.start(build());
        }
    }
}

package io.a2ebatch.simulator.internal;

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

import io.a2ebatch.simulator.A2eSimulator;
import io.a2ebatch.simulator.FileHostConfig;
import io.a2ebatch.simulator.FileHostStats;
import io.a2ebatch.simulator.LoggedRequest;
import io.a2ebatch.simulator.SimulatorConfig;
import io.a2ebatch.simulator.SimulatorStats;
import io.a2ebatch.simulator.internal.accounts.Accounts;
import io.a2ebatch.simulator.internal.accounts.Credential;
import io.a2ebatch.simulator.internal.admin.AdminApi;
import io.a2ebatch.simulator.internal.callbacks.CallbackSender;
import io.a2ebatch.simulator.internal.chaos.Randomness;
import io.a2ebatch.simulator.internal.engine.Engine;
import io.a2ebatch.simulator.internal.engine.Routes;
import io.a2ebatch.simulator.internal.files.ResultFileHost;
import io.a2ebatch.simulator.internal.lifecycle.Account;
import io.a2ebatch.simulator.internal.lifecycle.TaskStore;
import io.a2ebatch.simulator.internal.state.StateJournal;
import io.a2ebatch.simulator.internal.stats.Counters;
import io.a2ebatch.simulator.internal.stats.RequestLog;
import io.a2ebatch.simulator.internal.tasks.RecordWriters;
import io.a2ebatch.simulator.internal.tasks.ResultFiles;
import io.a2ebatch.simulator.internal.wiremock.WireMockFront;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.TaskState;

/**
 * The simulator behind {@link A2eSimulator}: wires the accounts, task store, engine, result-file host,
 * state journal and the WireMock front together, and owns their life cycle.
 */
public final class RunningSimulator implements A2eSimulator {

    private final TaskStore store;
    private final Accounts accounts;
    private final Counters counters = new Counters();
    private final RequestLog requestLog;
    private final Engine engine;
    private final StateJournal journal;
    private final WireMockFront front;
    private final ResultFileHost fileHost;
    private final URI baseUrl;
    private final CallbackSender callbacks;
    private final Object updateLock = new Object();
    private volatile Instant startedAt;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RunningSimulator(SimulatorConfig config) {
        FamilyCatalog catalog = FamilyCatalog.everyProvider();
        this.requestLog = new RequestLog(config.server().requestLogSize());
        Randomness randomness = new Randomness(config.seed());
        this.store = new TaskStore(this::nextTaskId);
        this.journal = config.server().stateDir().map(dir -> openJournal(dir, catalog)).orElse(null);
        this.accounts = new Accounts(store);
        accounts.accept(config.access().tokens(), config.access().credits());
        this.fileHost = config.fileHost().map(unused -> new ResultFileHost(config.server().bindAddress(),
                host(config.server().bindAddress()), this::fileHostConfig, config.clock(), config.seed(), counters,
                requestLog)).orElse(null);
        ResultFiles resultFiles = new ResultFiles(catalog, fileHost == null ? null : fileHost::url);
        RecordWriters records = new RecordWriters(resultFiles);
        this.callbacks = new CallbackSender(store, records, this::config, this::randomness, this::baseUrlText);
        this.engine = new Engine(config, randomness, new Routes(catalog), accounts, store,
                resultFiles, records, callbacks::watch, counters,
                requestLog, new AdminApi(this)::handle, this::baseUrlText);
        this.startedAt = config.clock().instant();
        WireMockFront server;
        try {
            server = new WireMockFront(config.server().bindAddress(), config.server().port(), engine);
            server.start();
        } catch (RuntimeException e) {
            closeJournal();
            callbacks.close();
            if (fileHost != null) {
                fileHost.close();
            }
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new IllegalStateException("Cannot listen on " + config.server().bindAddress() + ":" + config.server().port()
                    + " (" + root.getMessage() + "); choose another port, or port 0 for any free one", e);
        }
        this.front = server;
        this.baseUrl = URI.create("http://" + host(config.server().bindAddress()) + ":" + front.port());
        callbacks.start();
    }

    /** Starts simulators for {@link A2eSimulator#start}; registered in {@code META-INF/services}. */
    public static final class Factory implements A2eSimulator.Factory {

        @Override
        public A2eSimulator start(SimulatorConfig config) {
            return new RunningSimulator(config);
        }
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

    @Override
    public Optional<URI> fileHostUrl() {
        return Optional.ofNullable(fileHost).map(h -> URI.create(h.baseUrl()));
    }

    private Randomness randomness() {
        return engine.randomness();
    }

    private String nextTaskId() {
        return engine.randomness().taskId(engine.config().clock().instant());
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

    @Override
    public URI baseUrl() {
        return baseUrl;
    }

    @Override
    public int port() {
        return front.port();
    }

    @Override
    public SimulatorConfig config() {
        return engine.config();
    }

    @Override
    public SimulatorStats stats() {
        SimulatorConfig cfg = engine.config();
        long now = cfg.clock().millis();
        Map<String, Long> byState = new LinkedHashMap<>();
        for (TaskState state : TaskState.values()) {
            if (state != TaskState.UNKNOWN) {
                byState.put(state.wire(), 0L);
            }
        }
        store.countByState(now, cfg.tasks().maxProcessing()).forEach((state, n) -> byState.put(state.wire(), n));
        Map<String, Long> credits = new LinkedHashMap<>();
        for (Account account : store.accounts()) {
            credits.put(account.mask(), store.credits(account, now, cfg.tasks().maxProcessing()));
        }
        return new SimulatorStats(startedAt, cfg.seed(), counters.requests(), counters.byOperation(),
                counters.byStatus(), counters.rateLimited(), counters.errorsInjected(), counters.faultsInjected(),
                counters.injectedOnStartTaskCreated(), counters.injectedOnStartNoTask(), store.tasksCreated(),
                store.tasksDeleted(), store.tasksByName(), byState, store.tasksByFamily(), credits,
                counters.adminRequests(), counters.listenerErrors(),
                fileHost == null ? FileHostStats.NONE : fileHost.stats(), callbacks.stats());
    }

    @Override
    public void reset() {
        engine.exclusively(() -> {
            SimulatorConfig cfg = engine.config();
            store.clear();
            accounts.clear();
            accounts.accept(cfg.access().tokens(), cfg.access().credits());
            counters.reset();
            callbacks.reset();
            requestLog.clear();
            if (fileHost != null) {
                fileHost.reset();
            }
            engine.clearListenerErrors();
            startedAt = cfg.clock().instant();
        });
    }

    @Override
    public void setCredits(String token, long credits) {
        Credential credential = accounts.require(token);
        engine.shared(() -> store.setCredits(credential.account(), credits));
    }

    @Override
    public void addCredits(String token, long credits) {
        Credential credential = accounts.require(token);
        SimulatorConfig cfg = engine.config();
        engine.shared(() -> store.addCredits(credential.account(), credits, cfg.clock().millis(), cfg.tasks().maxProcessing()));
    }

    @Override
    public long credits(String token) {
        Credential credential = accounts.require(token);
        SimulatorConfig cfg = engine.config();
        return store.credits(credential.account(), cfg.clock().millis(), cfg.tasks().maxProcessing());
    }

    @Override
    public void setTokenEnabled(String token, boolean enabled) {
        SimulatorConfig cfg = engine.config();
        engine.shared(() -> store.setEnabled(accounts.accept(token, cfg.access().credits()).account(), enabled));
    }

    @Override
    public List<LoggedRequest> requestLog(int limit) {
        return requestLog.recent(limit);
    }

    @Override
    public List<Throwable> listenerErrors() {
        return engine.listenerErrors();
    }

    @Override
    public void update(Consumer<SimulatorConfig.Builder> change) {
        synchronized (updateLock) {
            SimulatorConfig current = engine.config();
            SimulatorConfig.Builder builder = current.toBuilder();
            change.accept(builder);
            SimulatorConfig next = builder.build();
            requireUnchanged("port", current.server().port(), next.server().port());
            requireUnchanged("bindAddress", current.server().bindAddress(), next.server().bindAddress());
            requireUnchanged("clock", current.clock(), next.clock());
            requireUnchanged("stateDir", current.server().stateDir(), next.server().stateDir());
            requireUnchanged("fileHost (present or not)", current.fileHost().isPresent(), next.fileHost().isPresent());
            if (!current.access().tokens().equals(next.access().tokens())) {
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

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            front.close();
            callbacks.close();
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

}

package io.a2ebatch.contract.target;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import io.a2ebatch.client.A2eClient;
import io.a2ebatch.client.ApiToken;
import io.a2ebatch.client.RequestCounter;
import io.a2ebatch.contract.capture.CapturedTraffic;
import io.a2ebatch.contract.capture.Interaction;
import io.a2ebatch.contract.capture.RecordingHttpClient;
import io.a2ebatch.contract.capture.SimulatorCapture;
import io.a2ebatch.contract.coverage.CoverageReport;
import io.a2ebatch.contract.validation.ContractValidator;
import io.a2ebatch.contract.validation.ContractViolation;
import io.a2ebatch.simulator.A2eSimulator;

/**
 * One test's world: the target it talks to, the traffic captured on the way, simulators it started
 * and a runner working in the test's own directory. {@link ContractExtension} gives each test a new
 * one and, once the test is over, closes it and fails the test if any captured exchange breaks the
 * contract: every scenario is a request and response conformance check too.
 */
public final class Scenario implements AutoCloseable {

    private final ContractTarget target;
    private final Path dir;
    private final CapturedTraffic traffic = CapturedTraffic.forScenario();
    private final List<A2eSimulator> simulators = new ArrayList<>();
    private final List<FaultProxy> proxies = new ArrayList<>();
    private RunnerDriver runner;

    Scenario(ContractTarget target, Path dir) {
        this.target = target;
        this.dir = dir;
    }

    /** Everything captured in this scenario so far. */
    public CapturedTraffic traffic() {
        return traffic;
    }

    /** The scenario's own directory (deleted afterwards). */
    public Path dir() {
        return dir;
    }

    /** The bearer token of the target. */
    public String token() {
        return target.token();
    }

    /**
     * Starts a simulator accepting the target's token, its traffic captured, with quick tasks
     * ({@code dispatchStep} 100 ms, 200..500 ms of processing) and a fixed seed; {@code customise}
     * changes any of that. Skips the test when the suite is pointed at another server.
     */
    public A2eSimulator simulator(UnaryOperator<A2eSimulator.Builder> customise) {
        target.assumeSimulator("a simulator of its own");
        A2eSimulator.Builder builder = A2eSimulator.builder().tokens(target.token()).seed(7)
                .dispatchStep(Duration.ofMillis(100))
                .taskDuration(Duration.ofMillis(200), Duration.ofMillis(500))
                .listener(new SimulatorCapture(traffic));
        A2eSimulator simulator = customise.apply(builder).start();
        simulators.add(simulator);
        return simulator;
    }

    /** A simulator with the defaults of {@link #simulator(UnaryOperator)}. */
    public A2eSimulator simulator() {
        return simulator(b -> b);
    }

    /**
     * A proxy in front of {@code simulator} that answers the requests a test chooses itself. What it
     * answers becomes part of this scenario's traffic when the scenario ends.
     */
    public FaultProxy faultProxy(A2eSimulator simulator) {
        FaultProxy proxy = new FaultProxy(simulator.baseUrl());
        proxies.add(proxy);
        return proxy;
    }

    /** Where client requests go: the other server, or a new simulator of this scenario. */
    public URI baseUrl() {
        return target.remoteBaseUrl().orElseGet(() -> simulator().baseUrl());
    }

    /**
     * The runner's client for {@code baseUrl}. Against another server its HTTP client records every
     * exchange (nothing else can see them); against a simulator the simulator's capture does.
     */
    public A2eClient client(URI baseUrl) {
        HttpClient http = A2eClient.defaultHttpClient(Duration.ofSeconds(5));
        return new A2eClient(baseUrl, ApiToken.of(target.token()),
                target.inProcess() ? http : new RecordingHttpClient(http, traffic), Duration.ofSeconds(30),
                new RequestCounter());
    }

    /** A runner working in this scenario's directory with the target's token. */
    public RunnerDriver runner() throws IOException {
        if (runner == null) {
            runner = new RunnerDriver(dir, target.token());
        }
        return runner;
    }

    /**
     * Fails if any exchange captured so far breaks the contract; warnings go to the coverage report.
     */
    public void assertTrafficConforms() {
        List<Interaction> all = traffic.all();
        List<ContractViolation> found = ContractValidator.bundled().checkAll(all, target.token());
        CoverageReport.recordWarnings(found.stream().filter(ContractViolation::warning).toList());
        ContractValidator.assertNoViolations(found, all.size());
    }

    /**
     * Closes the proxies (adding what they answered to the traffic) and the simulators. Fails if an
     * exchange listener of a simulator threw: the capture would then be missing exchanges.
     */
    @Override
    public void close() {
        List<String> problems = new ArrayList<>();
        for (FaultProxy proxy : proxies) {
            proxy.addAnsweredHereTo(traffic);
            proxy.close();
        }
        proxies.clear();
        for (A2eSimulator simulator : simulators) {
            simulator.listenerErrors().forEach(e -> problems.add(simulator + ": " + e));
            simulator.close();
        }
        simulators.clear();
        if (!problems.isEmpty()) {
            throw new AssertionError("Exchange listeners failed, so exchanges may be missing from the capture: "
                    + problems);
        }
    }
}

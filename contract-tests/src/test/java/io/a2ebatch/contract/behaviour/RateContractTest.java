package io.a2ebatch.contract.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.a2ebatch.cli.ExitCode;
import io.a2ebatch.contract.capture.Interaction;
import io.a2ebatch.contract.target.ContractExtension;
import io.a2ebatch.contract.target.RunnerDriver;
import io.a2ebatch.contract.target.Scenario;
import io.a2ebatch.simulator.A2eSimulator;
import io.a2ebatch.simulator.LoggedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The runner keeps to the request rate it is given, measured by the simulator's own clock, and
 * after a 429 holds every request back for at least the {@code Retry-After} it was told.
 */
@ExtendWith(ContractExtension.class)
class RateContractTest {

    /**
     * A request that reached the simulator this soon after it decided on a 429 was already on its
     * way: the client could not have seen the 429 when it sent it.
     */
    static final Duration ON_THE_WIRE = Duration.ofMillis(150);
    /** Clock granularity between the simulator's timestamps and the client's sleeps. */
    static final Duration CLOCK_TOLERANCE = Duration.ofMillis(20);

    @Test
    void neverSendsMoreRequestsInAnySecondThanTheConfiguredRate(Scenario scenario) throws Exception {
        int rate = 10;
        A2eSimulator simulator = scenario.simulator();
        RunnerDriver runner = scenario.runner();
        Path manifest = runner.manifest("rate.csv", Manifests.rows(30, "userText2Image", "userUpscale"));

        RunnerDriver.Result result = runner.run(manifest, simulator.baseUrl(), "--rate-limit", String.valueOf(rate));

        assertThat(result.code()).as(result.all()).isEqualTo(ExitCode.SUCCESS);
        List<Instant> arrivals = simulator.requestLog().stream().map(LoggedRequest::time).toList();
        assertThat(arrivals).as("starts and polls of 30 rows").hasSizeGreaterThan(3 * rate);
        int busiest = busiestSecond(arrivals);
        assertThat(busiest).as("requests in the busiest second of %s (the limiter admits one burst permit)", arrivals)
                .isLessThanOrEqualTo(rate + 1);
        assertThat(busiest).as("the run kept the limiter busy, so the bound was tested").isGreaterThanOrEqualTo(rate / 2);
    }

    @Test
    void waitsAtLeastRetryAfterOnceTheSimulatorAnswers429(Scenario scenario) throws Exception {
        A2eSimulator simulator = scenario.simulator(b -> b.rateLimit(2));
        RunnerDriver runner = scenario.runner();
        Path manifest = runner.manifest("throttled.csv", Manifests.rows(3, "userText2Image"));

        RunnerDriver.Result result = runner.run(manifest, simulator.baseUrl(), "--rate-limit", "20",
                "--poll-interval", "1s");

        assertThat(result.code()).as(result.all()).isEqualTo(ExitCode.SUCCESS);
        List<Interaction> client = scenario.traffic().fromClient();
        List<Interaction> limited = client.stream().filter(i -> i.status() == 429).toList();
        assertThat(limited).as("the simulator answered 429s").isNotEmpty();
        List<String> early = new ArrayList<>();
        for (Interaction refusal : limited) {
            long seconds = Long.parseLong(refusal.responseHeader("Retry-After").orElseThrow().trim());
            Instant from = refusal.at().plus(ON_THE_WIRE);
            Instant until = refusal.at().plusSeconds(seconds).minus(CLOCK_TOLERANCE);
            client.stream().filter(i -> i.at().isAfter(from) && i.at().isBefore(until))
                    .forEach(i -> early.add(i.summary() + " at " + i.at() + ", after a 429 at " + refusal.at()
                            + " with Retry-After " + seconds));
        }
        assertThat(early).as("requests sent before Retry-After had passed").isEmpty();
    }

    /** The most requests that arrived within any one second. */
    static int busiestSecond(List<Instant> arrivals) {
        List<Instant> sorted = arrivals.stream().sorted().toList();
        int busiest = 0;
        int from = 0;
        for (int to = 0; to < sorted.size(); to++) {
            while (!sorted.get(from).plusSeconds(1).isAfter(sorted.get(to))) {
                from++;
            }
            busiest = Math.max(busiest, to - from + 1);
        }
        return busiest;
    }
}

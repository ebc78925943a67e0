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
 * The runner keeps to the request rate it is given, measured by the simulator's own clock against
 * the token bucket's definition, and after a 429 holds every request back for at least the
 * {@code Retry-After} it was told.
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

    /**
     * The runner's limiter is a token bucket (rate R, burst b, full when the run starts): by time
     * {@code T0 + t} it has granted at most {@code b + R·t} permits, where {@code T0} is any moment
     * before its first grant. A request reaches the simulator at or after its grant — load, GC and
     * the network only ever delay it — so the k-th arrival can be no earlier than
     * {@code T0 + (k - b) / R}. That holds however late individual requests are, unlike a count per
     * sliding second, which a stalled machine breaks when delayed requests arrive together. {@code T0}
     * is read from the simulator's clock just before the run starts. The bucket's own arithmetic is
     * tested with an injected clock in batch-runner's {@code RateLimiterTest}.
     */
    @Test
    void neverSendsMoreRequestsThanItsTokenBucketGrants(Scenario scenario) throws Exception {
        int rate = 10;
        int burst = 1;
        A2eSimulator simulator = scenario.simulator();
        RunnerDriver runner = scenario.runner();
        Path manifest = runner.manifest("rate.csv", Manifests.rows(30, "userText2Image", "userUpscale"));
        Instant before = simulator.config().clock().instant();

        RunnerDriver.Result result = runner.run(manifest, simulator.baseUrl(), "--rate-limit", String.valueOf(rate),
                "--a2e.throttle.burst=" + burst);

        assertThat(result.code()).as(result.all()).isEqualTo(ExitCode.SUCCESS);
        List<Instant> arrivals = simulator.requestLog().stream().map(LoggedRequest::time).sorted().toList();
        assertThat(arrivals).as("starts and polls of 30 rows").hasSizeGreaterThan(3 * rate);
        assertThat(tooEarly(arrivals, before, rate, burst)).as("arrivals earlier than the token bucket allows").isEmpty();
    }

    /**
     * The arrivals that came before the token bucket could have granted them: the k-th (from 1)
     * before {@code start + (k - burst) / rate}.
     */
    static List<String> tooEarly(List<Instant> sortedArrivals, Instant start, double rate, int burst) {
        List<String> early = new ArrayList<>();
        for (int k = 1; k <= sortedArrivals.size(); k++) {
            Instant earliest = start.plusNanos(Math.round(Math.max(0, k - burst) * 1e9 / rate));
            Instant arrival = sortedArrivals.get(k - 1);
            if (arrival.isBefore(earliest)) {
                early.add("request " + k + " arrived " + Duration.between(start, arrival).toMillis() + " ms after the start"
                        + ", the bucket grants it no earlier than " + Duration.between(start, earliest).toMillis() + " ms");
            }
        }
        return early;
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
}

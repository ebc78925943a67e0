package io.a2ebatch.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.a2ebatch.simulator.testing.ApiClient;
import io.a2ebatch.simulator.testing.MutableClock;
import io.a2ebatch.simulator.testing.SampleBodies;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.TaskFamily;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Injected 5xx answers and dropped connections, at the configured ratios, reproducible with a seed. */
class InjectedFailuresTest {

    private static final String TOKEN = "sk_test_chaos_000000001";
    private static final TaskFamily I2V = FamilyCatalog.bundled().require("userImage2Video");

    @Test
    void answersTheConfiguredShareOfRequestsWithAnInjected5xx() {
        try (A2eSimulator sim = A2eSimulator.builder().tokens(TOKEN).seed(42).start()) {
            ApiClient api = new ApiClient(sim.baseUrl(), TOKEN);
            String id = api.startOk(I2V, SampleBodies.validJson(I2V, "target"));
            sim.update(c -> c.errorRate(0.2));

            int errors = 0;
            for (int i = 0; i < 500; i++) {
                ApiClient.Reply reply = api.detail(I2V, id);
                if (reply.status() >= 500) {
                    errors++;
                    assertThat(reply.errorCode()).isIn("INTERNAL_ERROR", "SERVICE_UNAVAILABLE");
                    assertThat(reply.error()).contains("injected");
                    if (reply.status() == 503) {
                        assertThat(reply.header("Retry-After")).isEqualTo("1");
                    }
                } else {
                    assertThat(reply.status()).isEqualTo(200);
                }
            }

            assertThat(errors).isBetween(60, 140);
            assertThat(sim.stats().errorsInjected()).isEqualTo(errors);
            assertThat(sim.stats().responses(500) + sim.stats().responses(503)).isEqualTo(errors);
        }
    }

    @Test
    void dropsTheConfiguredShareOfConnectionsAndCountsStartsLeftInDoubt() {
        try (A2eSimulator sim = A2eSimulator.builder().tokens(TOKEN).seed(7).faultRate(0.25).errorRate(0.1).start()) {
            ApiClient api = new ApiClient(sim.baseUrl(), TOKEN);
            int dropped = 0;
            int errors = 0;
            int ok = 0;
            for (int i = 0; i < 300; i++) {
                try {
                    int status = api.sendOrThrow("POST", I2V.start().path(),
                            SampleBodies.validJson(I2V, "doubt-" + i)).status();
                    if (status == 200) {
                        ok++;
                    } else {
                        assertThat(status).isIn(500, 503);
                        errors++;
                    }
                } catch (IOException e) {
                    dropped++;
                }
            }

            SimulatorStats stats = sim.stats();
            assertThat(dropped).isBetween(45, 105);
            assertThat(errors).isBetween(12, 50);
            assertThat(stats.faultsInjected()).isEqualTo(dropped);
            assertThat(stats.errorsInjected()).isEqualTo(errors);
            assertThat(stats.responses(0)).isEqualTo(dropped);
            assertThat(stats.injectedOnStartTaskCreated() + stats.injectedOnStartNoTask()).isEqualTo(dropped + errors);
            assertThat(stats.injectedOnStartTaskCreated()).isPositive();
            assertThat(stats.injectedOnStartNoTask()).isPositive();
            assertThat(stats.tasksCreated()).isEqualTo(ok + stats.injectedOnStartTaskCreated());
        }
    }

    @Test
    void letsAClientFindATaskCreatedBeforeAnInjectedFailureByName() {
        try (A2eSimulator sim = A2eSimulator.builder().tokens(TOKEN).seed(11).errorRate(1.0).start()) {
            ApiClient api = new ApiClient(sim.baseUrl(), TOKEN);
            List<String> names = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                names.add("in-doubt-" + i);
                assertThat(api.start(I2V, SampleBodies.validJson(I2V, names.get(i))).status()).isIn(500, 503);
            }
            sim.update(c -> c.errorRate(0));

            JsonNode list = api.list(I2V, "pageSize=100").data().get("list");
            Set<String> found = new HashSet<>();
            list.forEach(record -> found.add(record.get("name").asString()));

            SimulatorStats stats = sim.stats();
            assertThat(found).hasSize((int) stats.injectedOnStartTaskCreated()).isSubsetOf(names);
            assertThat(stats.injectedOnStartTaskCreated()).isBetween(3L, 17L);
            found.forEach(name -> assertThat(stats.tasksNamed(name)).isEqualTo(1));
        }
    }

    @Test
    void repeatsIdsOutcomesAndInjectedFailuresForTheSameSeed() {
        assertThat(run(99)).isEqualTo(run(99)).isNotEqualTo(run(100));
    }

    /** Statuses, ids and final states of a fixed sequence of requests. */
    private static List<String> run(long seed) {
        MutableClock clock = MutableClock.atDocExample();
        List<String> seen = new ArrayList<>();
        try (A2eSimulator sim = A2eSimulator.builder().tokens(TOKEN).seed(seed).clock(clock).errorRate(0.3)
                .failureRate(0.5).taskDuration(Duration.ofSeconds(1), Duration.ofSeconds(20)).start()) {
            ApiClient api = new ApiClient(sim.baseUrl(), TOKEN);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                ApiClient.Reply reply = api.start(I2V, SampleBodies.validJson(I2V, "r" + i));
                seen.add(String.valueOf(reply.status()));
                if (reply.status() == 200) {
                    ids.add(reply.data().get("_id").asString());
                }
            }
            sim.update(c -> c.errorRate(0));
            clock.advance(Duration.ofSeconds(10));
            for (String id : ids) {
                JsonNode record = api.detail(I2V, id).data();
                seen.add(id + " " + record.get("current_status").asString() + " " + record.get("updatedAt").asString());
            }
        }
        return seen;
    }
}

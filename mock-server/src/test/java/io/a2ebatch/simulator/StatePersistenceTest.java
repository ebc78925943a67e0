package io.a2ebatch.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

import io.a2ebatch.simulator.internal.state.StateJournal;
import io.a2ebatch.simulator.testing.ApiClient;
import io.a2ebatch.simulator.testing.MutableClock;
import io.a2ebatch.simulator.testing.SampleBodies;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.TaskFamily;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** A simulator with a state directory still knows its tasks and balances after a restart. */
class StatePersistenceTest {

    private static final String TOKEN = "sk_test_persistent_00001";
    private static final TaskFamily I2V = FamilyCatalog.bundled().require("userImage2Video");

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.atDocExample();

    private A2eSimulator.Builder simulator() {
        return A2eSimulator.builder().tokens(TOKEN).clock(clock).stateDir(dir).credits(1_000).taskCost(10).seed(8)
                .dispatchStep(Duration.ofSeconds(1)).taskDuration(Duration.ofSeconds(10)).maxProcessing(1);
    }

    @Test
    void restartedSimulatorKnowsItsTasksBalancesAndCounters() {
        String a;
        String b;
        String c;
        try (A2eSimulator sim = simulator().start()) {
            ApiClient api = new ApiClient(sim.baseUrl(), TOKEN);
            a = api.startOk(I2V, SampleBodies.validJson(I2V, "row-a"));
            b = api.startOk(I2V, SampleBodies.validJson(I2V, "row-b"));
            c = api.startOk(I2V, SampleBodies.validJson(I2V, "row-c"));
            assertThat(api.delete(I2V, c).status()).isEqualTo(200);
            clock.advance(Duration.ofSeconds(5));
            assertThat(api.detail(I2V, a).data().get("current_status").asString()).isEqualTo("processing");
        }

        try (A2eSimulator sim = simulator().credits(5).start()) {
            ApiClient api = new ApiClient(sim.baseUrl(), TOKEN);
            assertThat(api.detail(I2V, a).data().get("current_status").asString()).isEqualTo("processing");
            assertThat(api.detail(I2V, b).data().get("current_status").asString()).isEqualTo("pending");
            assertThat(api.detail(I2V, c).status()).isEqualTo(404);
            assertThat(api.list(I2V, "").data().get("list")).extracting(r -> r.get("name").asString())
                    .containsExactly("row-b", "row-a");
            assertThat(sim.credits(TOKEN)).isEqualTo(980);
            SimulatorStats stats = sim.stats();
            assertThat(stats.tasksCreated()).isEqualTo(3);
            assertThat(stats.tasksDeleted()).isEqualTo(1);
            assertThat(stats.tasksByName()).containsEntry("row-a", 1L).containsEntry("row-c", 1L);

            clock.advance(Duration.ofSeconds(10));
            JsonNode done = api.detail(I2V, a).data();
            assertThat(done.get("current_status").asString()).isEqualTo("completed");
            assertThat(done.get("result_url").asString()).isEqualTo(sim.baseUrl() + "/results/" + a + ".mp4");
            assertThat(api.detail(I2V, b).data().get("current_status").asString()).isEqualTo("processing");
        }
    }

    @Test
    void refundsAFailedTaskExactlyOnceAcrossRestarts() {
        try (A2eSimulator sim = simulator().failureRate(1.0).start()) {
            new ApiClient(sim.baseUrl(), TOKEN).startOk(I2V, SampleBodies.validJson(I2V, "doomed-1"));
            new ApiClient(sim.baseUrl(), TOKEN).startOk(I2V, SampleBodies.validJson(I2V, "doomed-2"));
            clock.advance(Duration.ofSeconds(14));
            assertThat(sim.credits(TOKEN)).isEqualTo(990);
        }
        for (int restart = 0; restart < 2; restart++) {
            try (A2eSimulator sim = simulator().start()) {
                assertThat(sim.credits(TOKEN)).isEqualTo(990);
            }
        }
        clock.advance(Duration.ofSeconds(10));
        try (A2eSimulator sim = simulator().start()) {
            assertThat(sim.credits(TOKEN)).isEqualTo(1_000);
            assertThat(sim.stats().tasksByState()).containsEntry("failed", 2L);
        }
        try (A2eSimulator sim = simulator().start()) {
            assertThat(sim.credits(TOKEN)).isEqualTo(1_000);
        }
    }

    @Test
    void keepsCreditChangesAndRevokedTokensButNeverTheTokenItself() throws IOException {
        try (A2eSimulator sim = simulator().start()) {
            sim.setCredits(TOKEN, 123);
            sim.setTokenEnabled("sk_test_added_at_runtime_1", false);
        }
        try (A2eSimulator sim = simulator().start()) {
            assertThat(sim.credits(TOKEN)).isEqualTo(123);
            sim.setTokenEnabled("sk_test_added_at_runtime_1", true);
            assertThat(sim.credits("sk_test_added_at_runtime_1")).isEqualTo(1_000);
        }
        String journal = Files.readString(dir.resolve(StateJournal.FILE));
        assertThat(journal).doesNotContain(TOKEN).doesNotContain("sk_test_added_at_runtime_1").contains("sk_test_…0001");
    }

    @Test
    void resetClearsTheJournalToo() {
        try (A2eSimulator sim = simulator().start()) {
            new ApiClient(sim.baseUrl(), TOKEN).startOk(I2V, SampleBodies.validJson(I2V, "forgotten"));
            sim.reset();
        }
        try (A2eSimulator sim = simulator().start()) {
            assertThat(sim.stats().tasksCreated()).isZero();
            assertThat(sim.credits(TOKEN)).isEqualTo(1_000);
        }
    }

    @Test
    void refusesASecondSimulatorOnTheSameStateDirectory() {
        try (A2eSimulator first = simulator().start()) {
            assertThatThrownBy(() -> simulator().start()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("in use by another simulator");
            assertThat(first.stats().tasksCreated()).isZero();
        }
    }

    @Test
    void ignoresALastLineCutShortByACrash() throws IOException {
        try (A2eSimulator sim = simulator().start()) {
            new ApiClient(sim.baseUrl(), TOKEN).startOk(I2V, SampleBodies.validJson(I2V, "survivor"));
        }
        Files.writeString(dir.resolve(StateJournal.FILE), "{\"e\":\"task\",\"id\":\"abc", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);

        try (A2eSimulator sim = simulator().start()) {
            assertThat(sim.stats().tasksNamed("survivor")).isEqualTo(1);
        }
    }

    @Test
    void reportsACorruptJournalLineByNumber() throws IOException {
        Files.write(dir.resolve(StateJournal.FILE), List.of("{\"e\":\"settled\",\"id\":\"0123\"}", "{}"),
                StandardCharsets.UTF_8);

        assertThatThrownBy(() -> simulator().start()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("line 1").hasMessageContaining("move the file away");
    }
}

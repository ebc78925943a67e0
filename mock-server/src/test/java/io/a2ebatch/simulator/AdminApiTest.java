package io.a2ebatch.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import io.a2ebatch.simulator.testing.ApiClient;
import io.a2ebatch.simulator.testing.MutableClock;
import io.a2ebatch.simulator.testing.SampleBodies;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.TaskFamily;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The inspection and control API under /__a2e. */
class AdminApiTest {

    private static final String TOKEN = "sk_test_admin_0000000a1b2";
    private static final String OTHER = "sk_test_admin_0000000c3d4";
    private static final TaskFamily I2V = FamilyCatalog.bundled().require("userImage2Video");
    private static final TaskFamily NANO = FamilyCatalog.bundled().require("userNanoBanana");

    private final MutableClock clock = MutableClock.atDocExample();
    private A2eSimulator sim;
    private ApiClient api;
    private ApiClient admin;

    @BeforeEach
    void startSimulator() {
        sim = A2eSimulator.builder().tokens(TOKEN, OTHER).clock(clock).credits(500).taskCost(10).seed(77)
                .dispatchStep(Duration.ofSeconds(1)).taskDuration(Duration.ofSeconds(5)).start();
        api = new ApiClient(sim.baseUrl(), TOKEN);
        admin = api.as(null);
    }

    @AfterEach
    void stopSimulator() {
        sim.close();
    }

    @Test
    void statsCountRequestsTasksAndBalances() {
        String id = api.startOk(I2V, SampleBodies.validJson(I2V, "row-1"));
        api.startOk(I2V, SampleBodies.validJson(I2V, "row-1"));
        api.startOk(NANO, SampleBodies.validJson(NANO, "row-2"));
        api.detail(I2V, id);
        api.batchDetail(I2V, "{\"ids\":[\"" + id + "\"]}");
        api.list(I2V, "");
        api.as(OTHER).detail(I2V, id);
        api.as("sk_test_unknown_token_99").list(I2V, "");

        JsonNode stats = admin.get("/__a2e/stats").json();

        assertThat(stats.get("requests_total").asLong()).isEqualTo(8);
        assertThat(stats.get("requests_by_operation").get("start").asLong()).isEqualTo(3);
        assertThat(stats.get("requests_by_operation").get("detail").asLong()).isEqualTo(2);
        assertThat(stats.get("requests_by_operation").get("batchDetail").asLong()).isEqualTo(1);
        assertThat(stats.get("requests_by_operation").get("list").asLong()).isEqualTo(2);
        assertThat(stats.get("requests_by_operation").get("delete").asLong()).isZero();
        assertThat(stats.get("responses_by_status").get("200").asLong()).isEqualTo(6);
        assertThat(stats.get("responses_by_status").get("404").asLong()).isEqualTo(1);
        assertThat(stats.get("responses_by_status").get("401").asLong()).isEqualTo(1);
        assertThat(stats.get("rate_limited").asLong()).isZero();
        assertThat(stats.get("errors_injected").asLong()).isZero();
        assertThat(stats.get("faults_injected").asLong()).isZero();
        assertThat(stats.get("tasks_created").asLong()).isEqualTo(3);
        assertThat(stats.get("tasks_by_name").get("row-1").asLong()).isEqualTo(2);
        assertThat(stats.get("tasks_by_name").get("row-2").asLong()).isEqualTo(1);
        assertThat(stats.get("tasks_by_state").get("initialized").asLong()).isEqualTo(3);
        assertThat(stats.get("tasks_by_family").get("userNanoBanana").asLong()).isEqualTo(1);
        assertThat(stats.get("credits").get("sk_test_…a1b2").asLong()).isEqualTo(470);
        assertThat(stats.get("credits").get("sk_test_…c3d4").asLong()).isEqualTo(500);
        assertThat(stats.get("seed").asLong()).isEqualTo(77);
        assertThat(stats.toString()).doesNotContain(TOKEN).doesNotContain(OTHER);
    }

    @Test
    void statsFollowTasksThroughTheirStates() {
        api.startOk(I2V, SampleBodies.validJson(I2V, "a"));
        clock.advance(Duration.ofSeconds(4));
        assertThat(sim.stats().tasksByState()).containsEntry("processing", 1L).containsEntry("initialized", 0L);
        clock.advance(Duration.ofSeconds(5));
        assertThat(admin.get("/__a2e/stats").json().get("tasks_by_state").get("completed").asLong()).isEqualTo(1);
    }

    @Test
    void resetForgetsTasksCountersAndLogAndRestoresCredits() {
        String id = api.startOk(I2V, SampleBodies.validJson(I2V, "gone"));
        sim.setTokenEnabled("sk_test_runtime_token_0001", true);

        ApiClient.Reply reply = admin.post("/__a2e/reset", "");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("reset").asBoolean()).isTrue();
        assertThat(api.detail(I2V, id).status()).isEqualTo(404);
        SimulatorStats stats = sim.stats();
        assertThat(stats.tasksCreated()).isZero();
        assertThat(stats.tasksByName()).isEmpty();
        assertThat(stats.requestsTotal()).isEqualTo(1);
        assertThat(sim.credits(TOKEN)).isEqualTo(500);
        assertThat(sim.requestLog()).hasSize(1);
        assertThat(api.as("sk_test_runtime_token_0001").list(I2V, "").status()).isEqualTo(401);
    }

    @Test
    void requestsListsTheMostRecentRequestsOldestFirstWithMaskedAccounts() {
        api.startOk(I2V, SampleBodies.validJson(I2V, "x"));
        api.list(I2V, "pageSize=5");
        api.as(null).list(I2V, "");

        JsonNode reply = admin.get("/__a2e/requests?limit=2").json();

        assertThat(reply.get("count").asInt()).isEqualTo(2);
        JsonNode first = reply.get("requests").get(0);
        assertThat(first.get("method").asString()).isEqualTo("GET");
        assertThat(first.get("path").asString()).isEqualTo("/api/v1/userImage2Video/allRecords");
        assertThat(first.get("operation").asString()).isEqualTo("list");
        assertThat(first.get("family").asString()).isEqualTo("userImage2Video");
        assertThat(first.get("status").asInt()).isEqualTo(200);
        assertThat(first.get("account").asString()).isEqualTo("sk_test_…a1b2");
        assertThat(first.get("time").asString()).isEqualTo("2025-03-13T07:58:27.863Z");
        assertThat(reply.get("requests").get(1).get("status").asInt()).isEqualTo(401);
        assertThat(reply.get("requests").get(1).get("account").isNull()).isTrue();
        assertThat(admin.get("/__a2e/requests?limit=0").status()).isEqualTo(400);
    }

    @Test
    void keepsTheRequestLogBounded() {
        sim.update(c -> c.requestLogSize(3));
        for (int i = 0; i < 10; i++) {
            api.list(I2V, "pageNum=" + (i + 1));
        }

        List<LoggedRequest> log = sim.requestLog();

        assertThat(log).hasSize(3);
        assertThat(sim.stats().requestsTotal()).isEqualTo(10);
        assertThat(log).allMatch(r -> r.operation() == SimulatorOperation.LIST && r.family().equals("userImage2Video"));
    }

    @Test
    void creditsSetsAndAddsToABalance() {
        ApiClient.Reply set = admin.post("/__a2e/credits", "{\"token\":\"" + TOKEN + "\",\"credits\":40}");
        ApiClient.Reply add = admin.post("/__a2e/credits", "{\"token\":\"" + TOKEN + "\",\"add\":2}");

        assertThat(set.json().get("credits").asLong()).isEqualTo(40);
        assertThat(add.json().get("credits").asLong()).isEqualTo(42);
        assertThat(add.json().get("account").asString()).isEqualTo("sk_test_…a1b2");
        assertThat(add.body()).doesNotContain(TOKEN);
        assertThat(sim.credits(TOKEN)).isEqualTo(42);
        assertThat(admin.post("/__a2e/credits", "{\"token\":\"" + TOKEN + "\",\"add\":-50}").status()).isEqualTo(400);
        assertThat(admin.post("/__a2e/credits", "{\"token\":\"sk_test_nobody_000001\",\"credits\":1}").status())
                .isEqualTo(400);
        assertThat(admin.post("/__a2e/credits", "{\"token\":\"" + TOKEN + "\"}").status()).isEqualTo(400);
    }

    @Test
    void tokensRevokeRestoreAndAddAccounts() {
        admin.post("/__a2e/tokens", "{\"token\":\"" + TOKEN + "\",\"enabled\":false}");
        assertThat(api.list(I2V, "").status()).isEqualTo(401);
        admin.post("/__a2e/tokens", "{\"token\":\"" + TOKEN + "\",\"enabled\":true}");
        assertThat(api.list(I2V, "").status()).isEqualTo(200);

        String added = "sk_test_added_by_admin_01";
        ApiClient.Reply reply = admin.post("/__a2e/tokens", "{\"token\":\"" + added + "\",\"enabled\":true}");
        assertThat(reply.json().get("credits").asLong()).isEqualTo(500);
        assertThat(api.as(added).list(I2V, "").status()).isEqualTo(200);
        assertThat(admin.post("/__a2e/tokens", "{\"token\":\"" + added + "\"}").status()).isEqualTo(400);
    }

    @Test
    void configChangesRatesAtRuntimeAndRejectsWhatItCannotChange() {
        ApiClient.Reply storm = admin.post("/__a2e/config", "{\"error_rate\":1.0,\"task_duration\":\"1s..3s\","
                + "\"latency_by_operation\":{\"start\":\"5ms\"}}");
        assertThat(storm.status()).isEqualTo(200);
        assertThat(storm.json().get("error_rate").asDouble()).isEqualTo(1.0);
        assertThat(storm.json().get("task_duration").asString()).isEqualTo("1s..3s");
        assertThat(storm.json().get("latency_by_operation").get("start").asString()).isEqualTo("5ms");
        assertThat(storm.body()).doesNotContain(TOKEN);
        assertThat(api.list(I2V, "").status()).isIn(500, 503);

        admin.post("/__a2e/config", "{\"error_rate\":0}");
        assertThat(api.list(I2V, "").status()).isEqualTo(200);
        assertThat(admin.get("/__a2e/config").json().get("error_rate").asDouble()).isZero();

        ApiClient.Reply invalid = admin.post("/__a2e/config", "{\"failure_rate\":2}");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.error()).contains("failureRate");
        assertThat(admin.post("/__a2e/config", "{\"port\":1}").error()).contains("fixed");
        assertThat(admin.post("/__a2e/config", "{\"colour\":1}").error()).contains("Unknown option 'colour'");
        assertThat(admin.post("/__a2e/config", "{\"latency\":\"fast\"}").error()).contains("not a duration");
    }

    @Test
    void configSwitchesMaintenanceAndCallbackBehaviourAtRuntime() {
        ApiClient.Reply changed = admin.post("/__a2e/config", "{\"maintenance\":true,\"callback_drop_rate\":0.5,"
                + "\"callback_delay\":\"1s..2s\",\"callback_reorder\":true,\"result_lifetime\":\"1h\"}");

        assertThat(changed.status()).as("%s", changed).isEqualTo(200);
        assertThat(changed.json().get("maintenance").asBoolean()).isTrue();
        assertThat(changed.json().get("callback_drop_rate").asDouble()).isEqualTo(0.5);
        assertThat(changed.json().get("callback_delay").asString()).isEqualTo("1s..2s");
        assertThat(changed.json().get("result_lifetime").asString()).isEqualTo("1h");
        assertThat(api.list(I2V, "").status()).isEqualTo(503);
        assertThat(admin.post("/__a2e/config", "{\"maintenance\":\"yes\"}").error()).contains("true or false");

        admin.post("/__a2e/config", "{\"maintenance\":false}");
        assertThat(api.list(I2V, "").status()).isEqualTo(200);
    }

    @Test
    void answersUnknownAdminPathsWith404AndListsTheEndpoints() {
        assertThat(admin.get("/__a2e/nothing").status()).isEqualTo(404);
        assertThat(admin.get("/__a2e").json().get("endpoints").size()).isEqualTo(7);
    }

    @Test
    void keepsWireMocksOwnAdminApiClosed() {
        ApiClient.Reply mappings = admin.get("/__admin/mappings");
        assertThat(mappings.status()).isEqualTo(404);
        assertThat(mappings.errorCode()).isEqualTo("NOT_FOUND");
        assertThat(mappings.error()).contains("inspection API is /__a2e");
        assertThat(admin.send("DELETE", "/__admin/mappings", null).status()).isEqualTo(404);
        assertThat(api.list(I2V, "").status()).isEqualTo(200);
    }

    @Test
    void countsAdminRequestsApart() {
        admin.get("/__a2e/stats");
        admin.get("/__a2e/stats");

        SimulatorStats stats = sim.stats();

        assertThat(stats.adminRequests()).isEqualTo(2);
        assertThat(stats.requestsTotal()).isZero();
        assertThat(sim.requestLog()).isEmpty();
    }
}

package io.a2ebatch.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.a2ebatch.simulator.testing.ApiClient;
import io.a2ebatch.simulator.testing.MutableClock;
import io.a2ebatch.spec.family.ErrorKind;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.TaskFamily;
import io.a2ebatch.spec.family.TaskState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * kie.ai's Runway Aleph served by the same engine as A2E, from its provider descriptor: kie's envelope
 * (HTTP 200, the status in the body's code), its body codes, and record-info's success-flag records
 * read back with the descriptor's own status rule.
 */
class AlephTest {

    private static final String TOKEN = "sk_test_aleph_0001";
    private static final TaskFamily ALEPH = FamilyCatalog.everyProvider().require("kie.aleph");
    private static final String BODY = "{\"prompt\":\"watercolour\",\"videoUrl\":\"https://example.com/in.mp4\","
            + "\"aspectRatio\":\"16:9\"}";

    private final MutableClock clock = MutableClock.atDocExample();
    private A2eSimulator sim;
    private ApiClient api;

    private void start(A2eSimulator.Builder builder) {
        sim = builder.start();
        api = new ApiClient(sim.baseUrl(), TOKEN);
    }

    private A2eSimulator.Builder base() {
        return A2eSimulator.builder().tokens(TOKEN).clock(clock).seed(7).dispatchStep(Duration.ofSeconds(1))
                .taskDuration(Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    private static int code(ApiClient.Reply reply) {
        assertThat(reply.status()).as("kie.ai answers HTTP 200 whatever happened: %s", reply).isEqualTo(200);
        return reply.json().get("code").asInt();
    }

    private String startOk() {
        ApiClient.Reply started = api.start(ALEPH, BODY);
        assertThat(code(started)).as("%s", started).isEqualTo(200);
        return started.data().get("taskId").asString();
    }

    @Test
    void generateAnswersTheTaskIdAndRecordInfoShowsTheSuccessFlagRisingWithTheResult() {
        start(base().resultLifetime(Duration.ofSeconds(30)));
        ApiClient.Reply started = api.start(ALEPH, BODY);

        assertThat(code(started)).isEqualTo(200);
        assertThat(started.json().get("msg").asString()).isEqualTo("success");
        assertThat(started.data().propertyNames()).containsExactly("taskId");
        String id = started.data().get("taskId").asString();

        JsonNode running = api.detail(ALEPH, id).data();
        assertThat(running.get("taskId").asString()).isEqualTo(id);
        assertThat(running.get("successFlag").asInt()).isZero();
        assertThat(running.get("errorCode").asInt()).isZero();
        assertThat(running.get("completeTime").isNull()).isTrue();
        assertThat(running.get("response").isNull()).isTrue();
        assertThat(running.get("paramJson").asString()).contains("\"prompt\":\"watercolour\"");
        assertThat(ALEPH.state(running)).isEqualTo(TaskState.PROCESSING);

        clock.advance(Duration.ofSeconds(15));
        JsonNode done = api.detail(ALEPH, id).data();
        assertThat(done.get("successFlag").asInt()).isEqualTo(1);
        assertThat(done.get("completeTime").asString()).isEqualTo("2025-03-13T07:58:40.863Z");
        assertThat(done.get("response").get("taskId").asString()).isEqualTo(id);
        assertThat(ALEPH.state(done)).isEqualTo(TaskState.COMPLETED);
        String video = done.get("response").get("resultVideoUrl").asString();
        String thumbnail = done.get("response").get("resultImageUrl").asString();
        assertThat(video).endsWith(id + ".mp4");

        ApiClient anonymous = api.as(null);
        assertThat(anonymous.get(video.substring(video.indexOf("/results/"))).status()).isEqualTo(200);
        assertThat(anonymous.get(thumbnail.substring(thumbnail.indexOf("/results/"))).header("Content-Type"))
                .isEqualTo("image/png");

        clock.advance(Duration.ofSeconds(31));
        ApiClient.Reply expired = anonymous.get(video.substring(video.indexOf("/results/")));
        assertThat(expired.status()).isEqualTo(403);
        assertThat(expired.error()).contains("expired", "30s after its task completed");
    }

    @Test
    void aFailedTaskKeepsTheFlagAtZeroWithItsErrorCodeMessageAndCompleteTime() {
        start(base().failureRate(1.0));
        String id = startOk();
        clock.advance(Duration.ofSeconds(15));

        JsonNode failed = api.detail(ALEPH, id).data();

        assertThat(failed.get("successFlag").asInt()).isZero();
        assertThat(failed.get("errorCode").asInt()).isNotZero();
        assertThat(failed.get("errorMessage").asString()).isNotBlank();
        assertThat(failed.get("completeTime").asString()).isNotEmpty();
        assertThat(ALEPH.state(failed)).isEqualTo(TaskState.FAILED);
    }

    @Test
    void answersEveryFailureWithHttp200AndKiesBodyCode() {
        start(base());
        ApiClient.Reply invalid = api.start(ALEPH, "{\"videoUrl\":\"https://example.com/in.mp4\",\"aspectRatio\":\"2:1\"}");
        assertThat(code(invalid)).isEqualTo(422);
        assertThat(invalid.json().get("msg").asString()).contains("prompt", "aspectRatio");
        assertThat(invalid.json().get("data").isNull()).isTrue();

        ApiClient.Reply blocked = api.start(ALEPH,
                "{\"prompt\":\"p\",\"videoUrl\":\"https://example.com/blocked-451/in.mp4\"}");
        assertThat(code(blocked)).isEqualTo(451);
        assertThat(blocked.json().get("msg").asString()).contains("Failed to fetch");

        assertThat(code(api.as(null).start(ALEPH, BODY))).isEqualTo(401);
        assertThat(code(api.as("sk_test_unknown_0000").start(ALEPH, BODY))).isEqualTo(401);
        assertThat(code(api.detail(ALEPH, "no-such-task"))).isEqualTo(404);
        ApiClient.Reply noId = api.get(ALEPH.detail().pathTemplate());
        assertThat(code(noId)).isEqualTo(422);
        assertThat(noId.json().get("msg").asString()).contains("taskId");
        assertThat(code(api.get("/api/v1/aleph/nothing-here"))).isEqualTo(404);
        assertThat(sim.stats().tasksCreated()).isZero();
    }

    @Test
    void aMaintenanceWindowIs455ForKieAnd503ForA2e() {
        start(base());
        sim.update(c -> c.maintenance(true));

        assertThat(code(api.start(ALEPH, BODY))).isEqualTo(455);
        TaskFamily i2v = FamilyCatalog.bundled().require("userImage2Video");
        ApiClient.Reply a2e = api.detail(i2v, "6674f1765699df7e9d25311a");
        assertThat(a2e.status()).isEqualTo(503);
        assertThat(a2e.header("Retry-After")).isEqualTo("1");
        assertThat(ALEPH.provider().errors().decide(455)).isEqualTo(ErrorKind.UNAVAILABLE);

        sim.update(c -> c.maintenance(false));
        startOk();
        assertThat(sim.stats().tasksCreated()).isEqualTo(1);
    }

    @Test
    void overTheRateLimitIs429InTheBodyCountedAsRateLimited() {
        start(base().rateLimit(1));
        startOk();

        ApiClient.Reply limited = api.detail(ALEPH, "any");

        assertThat(code(limited)).isEqualTo(429);
        assertThat(limited.header("Retry-After")).isEqualTo("1");
        assertThat(sim.stats().rateLimited()).isEqualTo(1);
        assertThat(sim.stats().responses(429)).isEqualTo(1);
    }
}

package io.a2ebatch.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.a2ebatch.simulator.testing.ApiClient;
import io.a2ebatch.simulator.testing.MutableClock;
import io.a2ebatch.simulator.testing.SampleBodies;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.TaskFamily;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class TaskLifecycleTest {

    private static final String TOKEN = "sk_test_lifecycle_0001";
    private static final TaskFamily I2V = FamilyCatalog.bundled().require("userImage2Video");
    private static final TaskFamily T2I = FamilyCatalog.bundled().require("userText2Image");
    private static final TaskFamily FACE_SWAP = FamilyCatalog.bundled().require("userFaceSwapTask");

    private final MutableClock clock = MutableClock.atDocExample();
    private A2eSimulator sim;
    private ApiClient api;

    private void start(A2eSimulator.Builder builder) {
        sim = builder.start();
        api = new ApiClient(sim.baseUrl(), TOKEN);
    }

    private A2eSimulator.Builder base() {
        return A2eSimulator.builder().tokens(TOKEN).clock(clock).seed(1).credits(1_000).taskCost(10)
                .dispatchStep(Duration.ofSeconds(1)).taskDuration(Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    private String status(TaskFamily family, String id) {
        return api.detail(family, id).data().get("current_status").asString();
    }

    @Test
    void makesTaskIdsShapedLikeA2esObjectIdsTheirCreationSecondFirstThenTheSimulatorThenACounter() {
        start(base());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(api.start(I2V, SampleBodies.validJson(I2V, "row-" + i)).data().get("_id").asString());
        }
        clock.advance(Duration.ofSeconds(1));
        ids.add(api.start(I2V, SampleBodies.validJson(I2V, "row-3")).data().get("_id").asString());

        // The doc pages' record of 2025-03-13T07:58:27Z has the id 67d29023dd27a536fdf6e809.
        assertThat(ids).allMatch(id -> id.matches("[0-9a-f]{24}"));
        assertThat(ids).extracting(id -> id.substring(0, 8)).containsExactly("67d29023", "67d29023", "67d29023",
                "67d29024");
        assertThat(ids).extracting(id -> id.substring(8, 18)).containsOnly(ids.get(0).substring(8, 18));
        long first = Long.parseLong(ids.get(0).substring(18), 16);
        assertThat(ids).extracting(id -> Long.parseLong(id.substring(18), 16))
                .containsExactly(first, (first + 1) % 0x1000000, (first + 2) % 0x1000000, (first + 3) % 0x1000000);
    }

    @Test
    void walksATaskThroughEveryStatusAndServesItsResult() {
        start(base());
        ApiClient.Reply started = api.start(I2V, SampleBodies.validJson(I2V, "row-1"));

        assertThat(started.status()).isEqualTo(200);
        JsonNode record = started.data();
        String id = record.get("_id").asString();
        assertThat(id).matches("[0-9a-f]{24}");
        assertThat(record.get("current_status").asString()).isEqualTo("initialized");
        assertThat(record.get("name").asString()).isEqualTo("row-1");
        assertThat(record.get("image_url").asString()).isEqualTo("https://example.com/sample.png");
        assertThat(record.get("coins").asLong()).isEqualTo(10);
        assertThat(record.get("createdAt").asString()).isEqualTo("2025-03-13T07:58:27.863Z");
        assertThat(record.get("result_url").asString()).isEmpty();
        assertThat(record.get("failed_message").asString()).isEmpty();
        assertThat(record.get("failed_code").asString()).isEmpty();
        assertThat(started.json().get("code").asInt()).isZero();
        assertThat(started.json().get("trace_id").asString()).hasSize(36);

        assertThat(status(I2V, id)).isEqualTo("initialized");
        clock.advance(Duration.ofSeconds(1));
        assertThat(status(I2V, id)).isEqualTo("sent");
        clock.advance(Duration.ofSeconds(1));
        assertThat(status(I2V, id)).isEqualTo("pending");
        clock.advance(Duration.ofSeconds(1));
        JsonNode processing = api.detail(I2V, id).data();
        assertThat(processing.get("current_status").asString()).isEqualTo("processing");
        assertThat(processing.get("updatedAt").asString()).isEqualTo("2025-03-13T07:58:30.863Z");
        clock.advance(Duration.ofMillis(9_999));
        assertThat(status(I2V, id)).isEqualTo("processing");
        clock.advance(Duration.ofMillis(1));

        JsonNode done = api.detail(I2V, id).data();
        assertThat(done.get("current_status").asString()).isEqualTo("completed");
        assertThat(done.get("updatedAt").asString()).isEqualTo("2025-03-13T07:58:40.863Z");
        assertThat(done.get("result_url").asString()).isEqualTo(sim.baseUrl() + "/results/" + id + ".mp4");

        ApiClient.Reply file = api.as(null).get("/results/" + id + ".mp4");
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.header("Content-Type")).isEqualTo("video/mp4");
        assertThat(new String(file.bytes(), 4, 4, StandardCharsets.US_ASCII)).isEqualTo("ftyp");
        assertThat(sim.credits(TOKEN)).isEqualTo(990);
    }

    @Test
    void servesImageFamiliesResultsAsPng() {
        start(base().dispatchStep(Duration.ZERO).taskDuration(Duration.ZERO));
        String id = api.startOk(T2I, SampleBodies.validJson(T2I, "picture"));
        clock.advance(Duration.ofMillis(1));

        String url = api.detail(T2I, id).data().get("result_url").asString();

        assertThat(url).endsWith("/results/" + id + ".png");
        ApiClient.Reply file = api.as(null).get(url.substring(sim.baseUrl().toString().length()));
        assertThat(file.header("Content-Type")).isEqualTo("image/png");
        assertThat(file.bytes()).startsWith(0x89, 'P', 'N', 'G');
        assertThat(api.as(null).get("/results/" + id + ".mp4").status()).isEqualTo(404);
    }

    @Test
    void refusesResultFilesOfUnfinishedTasks() {
        start(base());
        String id = api.startOk(I2V, SampleBodies.validJson(I2V, "early"));

        ApiClient.Reply file = api.as(null).get("/results/" + id + ".mp4");

        assertThat(file.status()).isEqualTo(404);
        assertThat(file.errorCode()).isEqualTo("NOT_FOUND");
    }

    @Test
    void failsPlannedFailuresAtTheEndOfProcessingAndRefundsThem() {
        start(base().failureRate(1.0));
        String id = api.startOk(FACE_SWAP, SampleBodies.validJson(FACE_SWAP, "doomed"));
        assertThat(sim.credits(TOKEN)).isEqualTo(990);

        clock.advance(Duration.ofSeconds(12));
        assertThat(status(FACE_SWAP, id)).isEqualTo("processing");
        assertThat(sim.credits(TOKEN)).isEqualTo(990);
        clock.advance(Duration.ofSeconds(1));

        JsonNode failed = api.detail(FACE_SWAP, id).data();
        assertThat(failed.get("current_status").asString()).isEqualTo("failed");
        assertThat(failed.get("faild_message").asString()).contains("refunded");
        assertThat(failed.get("error_code").asString()).isNotEmpty();
        assertThat(failed.get("result_url").asString()).isEmpty();
        assertThat(sim.credits(TOKEN)).isEqualTo(1_000);
        assertThat(sim.stats().tasksByState()).containsEntry("failed", 1L);
    }

    @Test
    void failsTasksThatOutliveTheTimeoutAndRefundsThem() {
        start(base().taskTimeout(Duration.ofSeconds(8)));
        String id = api.startOk(I2V, SampleBodies.validJson(I2V, "slow"));

        clock.advance(Duration.ofMillis(7_999));
        assertThat(status(I2V, id)).isEqualTo("processing");
        clock.advance(Duration.ofMillis(1));

        JsonNode failed = api.detail(I2V, id).data();
        assertThat(failed.get("current_status").asString()).isEqualTo("failed");
        assertThat(failed.get("failed_code").asString()).isEqualTo("TIMEOUT");
        assertThat(failed.get("failed_message").asString()).contains("8s");
        assertThat(sim.credits(TOKEN)).isEqualTo(1_000);
    }

    @Test
    void timesOutTasksStillWaitingForAProcessingSlot() {
        start(base().maxProcessing(1).taskTimeout(Duration.ofSeconds(8)));
        String first = api.startOk(I2V, SampleBodies.validJson(I2V, "first"));
        String second = api.startOk(I2V, SampleBodies.validJson(I2V, "second"));

        clock.advance(Duration.ofSeconds(5));
        assertThat(status(I2V, first)).isEqualTo("processing");
        assertThat(status(I2V, second)).isEqualTo("pending");
        clock.advance(Duration.ofSeconds(3));

        JsonNode waited = api.detail(I2V, second).data();
        assertThat(waited.get("current_status").asString()).isEqualTo("failed");
        assertThat(waited.get("failed_code").asString()).isEqualTo("TIMEOUT");
        assertThat(status(I2V, first)).isEqualTo("failed");
        assertThat(sim.credits(TOKEN)).isEqualTo(1_000);
    }

    @Test
    void keepsTasksBeyondTheProcessingCapPendingUntilASlotFrees() {
        start(base().maxProcessing(2));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(api.startOk(I2V, SampleBodies.validJson(I2V, "capped-" + i)));
        }

        clock.advance(Duration.ofSeconds(4));
        assertThat(ids).extracting(id -> status(I2V, id))
                .containsExactly("processing", "processing", "pending", "pending", "pending");
        assertThat(sim.stats().tasksByState()).containsEntry("processing", 2L).containsEntry("pending", 3L);

        clock.advance(Duration.ofSeconds(10));
        assertThat(ids).extracting(id -> status(I2V, id))
                .containsExactly("completed", "completed", "processing", "processing", "pending");
        assertThat(api.detail(I2V, ids.get(2)).data().get("updatedAt").asString())
                .isEqualTo("2025-03-13T07:58:40.863Z");

        clock.advance(Duration.ofSeconds(20));
        assertThat(ids).extracting(id -> status(I2V, id)).containsOnly("completed");
    }

    @Test
    void givesEachAccountItsOwnProcessingSlots() {
        String other = "sk_test_lifecycle_0002";
        start(base().tokens(TOKEN, other).maxProcessing(1));
        String mine = api.startOk(I2V, SampleBodies.validJson(I2V, "mine"));
        String mineToo = api.startOk(I2V, SampleBodies.validJson(I2V, "mine too"));
        String theirs = api.as(other).startOk(I2V, SampleBodies.validJson(I2V, "theirs"));

        clock.advance(Duration.ofSeconds(4));

        assertThat(status(I2V, mine)).isEqualTo("processing");
        assertThat(status(I2V, mineToo)).isEqualTo("pending");
        assertThat(api.as(other).detail(I2V, theirs).data().get("current_status").asString()).isEqualTo("processing");
    }

    @Test
    void appliesARaisedProcessingCapAtOnce() {
        start(base().maxProcessing(1));
        String first = api.startOk(I2V, SampleBodies.validJson(I2V, "a"));
        String second = api.startOk(I2V, SampleBodies.validJson(I2V, "b"));
        clock.advance(Duration.ofSeconds(4));
        assertThat(status(I2V, second)).isEqualTo("pending");

        sim.update(c -> c.maxProcessing(2));

        assertThat(status(I2V, first)).isEqualTo("processing");
        assertThat(status(I2V, second)).isEqualTo("processing");
    }
}

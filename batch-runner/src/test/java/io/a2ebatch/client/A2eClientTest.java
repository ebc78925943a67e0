package io.a2ebatch.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import io.a2ebatch.simulator.A2eSimulator;
import io.a2ebatch.spec.SpecJson;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.TaskFamily;
import io.a2ebatch.spec.family.TaskState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** The client against the simulator: the real wire, the real envelope, every error class. */
class A2eClientTest {

    private static final String TOKEN = "sk_test_client_0123456789abcdef";
    private static final TaskFamily HEAD_SWAP = FamilyCatalog.bundled().require("headSwap");
    private static final TaskFamily FACE_SWAP = FamilyCatalog.bundled().require("userFaceSwapTask");

    private A2eSimulator sim;
    private A2eClient client;

    @BeforeEach
    void start() {
        sim = A2eSimulator.builder().tokens(TOKEN).seed(3).taskDuration(Duration.ofMillis(200))
                .dispatchStep(Duration.ofMillis(50)).credits(1_000).taskCost(10).start();
        client = clientWith(TOKEN);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private A2eClient clientWith(String token) {
        return new A2eClient(sim.baseUrl(), ApiToken.of(token), A2eClient.defaultHttpClient(Duration.ofSeconds(2)),
                Duration.ofSeconds(5), new RequestCounter());
    }

    private static ObjectNode headSwapBody(String image) {
        ObjectNode body = SpecJson.MAPPER.createObjectNode();
        body.put("image_url", image);
        body.put("target_image_url", "https://example.com/target.jpg");
        return body;
    }

    private static ObjectNode faceSwapBody(String name) {
        ObjectNode body = SpecJson.MAPPER.createObjectNode();
        body.put("name", name);
        body.put("face_url", "https://example.com/face.jpg");
        body.put("video_url", "https://example.com/video.mp4");
        return body;
    }

    @Test
    void startsATaskAndFollowsItToCompletion() throws Exception {
        TaskRecord started = client.start(HEAD_SWAP, headSwapBody("https://example.com/a.jpg"));
        assertThat(started.id()).hasSize(24);
        assertThat(started.state()).isEqualTo(TaskState.INITIALIZED);

        TaskRecord done = started;
        for (int i = 0; i < 100 && !done.state().isFinal(); i++) {
            Thread.sleep(50);
            done = client.detail(HEAD_SWAP, started.id());
        }
        assertThat(done.state()).isEqualTo(TaskState.COMPLETED);
        assertThat(done.resultUrl()).startsWith(sim.baseUrl().toString()).contains(started.id());
        assertThat(done.coins()).contains(10L);
        assertThat(done.createdAt()).isPresent();
        assertThat(client.counter().count(ApiCall.START)).isEqualTo(1);
    }

    @Test
    void readsManyTasksInOneBatchAndLeavesOutUnknownIds() {
        TaskRecord a = client.start(FACE_SWAP, faceSwapBody("a"));
        TaskRecord b = client.start(FACE_SWAP, faceSwapBody("b"));

        List<TaskRecord> records = client.batchDetail(FACE_SWAP, List.of(b.id(), "000000000000000000000000", a.id()));

        assertThat(records).extracting(TaskRecord::id).containsExactly(b.id(), a.id());
        assertThat(records).extracting(TaskRecord::name).containsExactly("b", "a");
    }

    @Test
    void listsTheNewestTasksFirstWithTheirNames() {
        client.start(FACE_SWAP, faceSwapBody("first"));
        client.start(FACE_SWAP, faceSwapBody("second"));

        TaskPage page = client.list(FACE_SWAP, 1, 10);

        assertThat(page.records()).extracting(TaskRecord::name).containsExactly("second", "first");
        assertThat(page.total()).isEqualTo(2);
    }

    @Test
    void readsTheFaceSwapFailureFieldsAsA2eSpellsThem() throws Exception {
        sim.update(c -> c.failureRate(1.0));
        TaskRecord task = client.start(FACE_SWAP, faceSwapBody("doomed"));
        TaskRecord failed = task;
        for (int i = 0; i < 100 && !failed.state().isFinal(); i++) {
            Thread.sleep(50);
            failed = client.detail(FACE_SWAP, task.id());
        }
        assertThat(failed.state()).isEqualTo(TaskState.FAILED);
        assertThat(failed.data().has("faild_message")).isTrue();
        assertThat(failed.failedMessage()).isNotEmpty();
        assertThat(failed.failedCode()).isNotEmpty();
    }

    @Test
    void mapsASchemaViolationToARejectedRequestNamingTheField() {
        ObjectNode body = headSwapBody("https://example.com/a.jpg");
        body.remove("target_image_url");
        assertThatThrownBy(() -> client.start(HEAD_SWAP, body)).isInstanceOfSatisfying(RequestRejectedException.class,
                e -> {
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("target_image_url");
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.mayHaveCreatedTask()).isFalse();
                    assertThat(e.traceId()).isNotEmpty();
                });
    }

    @Test
    void mapsModerationToARejectedRequestWithItsCode() {
        assertThatThrownBy(() -> client.start(HEAD_SWAP, headSwapBody("https://example.com/a2e-moderation:minor.jpg")))
                .isInstanceOfSatisfying(RequestRejectedException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(403);
                    assertThat(e.apiCode()).isEqualTo("1003");
                });
    }

    @Test
    void mapsAnUnknownTokenToAnAuthenticationFailureWithoutShowingIt() {
        A2eClient stranger = clientWith("sk_test_unknown_9999999999999999");
        assertThatThrownBy(() -> stranger.list(HEAD_SWAP, 1, 10))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageNotContaining("9999999999999999");
    }

    @Test
    void mapsMissingCreditsToInsufficientCredits() {
        sim.setCredits(TOKEN, 5);
        assertThatThrownBy(() -> client.start(HEAD_SWAP, headSwapBody("https://example.com/a.jpg")))
                .isInstanceOfSatisfying(InsufficientCreditsException.class,
                        e -> assertThat(e.mayHaveCreatedTask()).isFalse());
    }

    @Test
    void mapsAnUnknownTaskToNotFound() {
        assertThatThrownBy(() -> client.detail(HEAD_SWAP, "000000000000000000000000"))
                .isInstanceOf(TaskNotFoundException.class);
    }

    @Test
    void readsRetryAfterFromA429() {
        sim.update(c -> c.rateLimit(1));
        client.list(HEAD_SWAP, 1, 10);
        assertThatThrownBy(() -> client.list(HEAD_SWAP, 1, 10)).isInstanceOfSatisfying(RateLimitedException.class,
                e -> {
                    assertThat(e.retryAfter()).hasValueSatisfying(d -> assertThat(d).isGreaterThanOrEqualTo(Duration.ofSeconds(1)));
                    assertThat(e.mayHaveCreatedTask()).isFalse();
                    assertThat(e.retryable()).isTrue();
                });
        assertThat(client.counter().rateLimited()).isEqualTo(1);
    }

    @Test
    void treatsServerErrorsAndDroppedConnectionsAsRetryableAndInDoubt() {
        sim.update(c -> c.errorRate(1.0));
        assertThatThrownBy(() -> client.start(HEAD_SWAP, headSwapBody("https://example.com/a.jpg")))
                .isInstanceOfSatisfying(ServerErrorException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.mayHaveCreatedTask()).isTrue();
                });
        sim.update(c -> c.errorRate(0).faultRate(1.0));
        assertThatThrownBy(() -> client.start(HEAD_SWAP, headSwapBody("https://example.com/b.jpg")))
                .isInstanceOfSatisfying(TransportException.class, e -> {
                    assertThat(e.httpStatus()).isZero();
                    assertThat(e.mayHaveCreatedTask()).isTrue();
                });
    }
}

package io.a2ebatch.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.a2ebatch.simulator.testing.ApiClient;
import io.a2ebatch.simulator.testing.MutableClock;
import io.a2ebatch.simulator.testing.RawHttp;
import io.a2ebatch.simulator.testing.SampleBodies;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.TaskFamily;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** Every error class the simulator answers with, each with the spec's ErrorResponse body. */
class RequestErrorsTest {

    private static final String TOKEN = "sk_test_errors_00000001";
    private static final String OTHER = "sk_test_errors_00000002";
    private static final String POOR = "sk_test_errors_00000003";
    private static final TaskFamily I2V = FamilyCatalog.bundled().require("userImage2Video");
    private static final TaskFamily HEAD_SWAP = FamilyCatalog.bundled().require("headSwap");
    private static final TaskFamily KLING = FamilyCatalog.bundled().require("klingVideo");

    private static final MutableClock CLOCK = MutableClock.atDocExample();
    private static A2eSimulator sim;
    private static ApiClient api;

    @BeforeAll
    static void startSimulator() {
        sim = A2eSimulator.builder().tokens(TOKEN, OTHER, POOR).credits(1_000).taskCost(10).clock(CLOCK).seed(3).start();
        api = new ApiClient(sim.baseUrl(), TOKEN);
    }

    @AfterAll
    static void stopSimulator() {
        sim.close();
    }

    private static void assertErrorResponse(ApiClient.Reply reply, int status, String code) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        JsonNode body = reply.json();
        assertThat(body.get("success").asBoolean()).isFalse();
        assertThat(body.get("code").asString()).isEqualTo(code);
        assertThat(body.get("error").asString()).isNotBlank();
        assertThat(body.get("timestamp").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(body.get("trace_id").asString()).hasSize(36);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
    }

    @Test
    void rejectsMalformedJsonSayingWhere() {
        ApiClient.Reply reply = api.start(I2V, "{\"image_url\": \"https://example.com/a.png\",\n \"name\": }");

        assertErrorResponse(reply, 400, "INVALID_REQUEST");
        assertThat(reply.error()).contains("not valid JSON").contains("line 2");
    }

    @Test
    void rejectsAnEmptyBody() {
        ApiClient.Reply reply = api.send("POST", I2V.start().path(), "");

        assertErrorResponse(reply, 400, "INVALID_REQUEST");
        assertThat(reply.error()).contains("empty");
    }

    @Test
    void rejectsDuplicateKeys() {
        ApiClient.Reply reply = api.start(I2V, "{\"image_url\":\"https://e.com/a.png\",\"image_url\":\"https://e.com/b.png\"}");

        assertErrorResponse(reply, 400, "INVALID_REQUEST");
        assertThat(reply.error()).contains("image_url");
    }

    @Test
    void namesTheMissingRequiredField() {
        ApiClient.Reply reply = api.start(I2V, "{\"name\":\"row-1\",\"prompt\":\"a cat\"}");

        assertErrorResponse(reply, 400, "INVALID_REQUEST");
        assertThat(reply.error()).contains("image_url: is required");
        JsonNode violation = reply.json().get("violations").get(0);
        assertThat(violation.get("field").asString()).isEqualTo("image_url");
        assertThat(violation.get("rule").asString()).isEqualTo("REQUIRED");
    }

    @Test
    void namesFieldsOfTheWrongTypeOrOutOfRange() {
        ApiClient.Reply reply = api.start(I2V, SampleBodies.validJsonWith(I2V, "row-2",
                Map.of("video_time", 30, "extend_prompt", "yes")));

        assertErrorResponse(reply, 400, "INVALID_REQUEST");
        assertThat(reply.error()).contains("video_time: 30 is above the maximum 20")
                .contains("extend_prompt: expected a boolean");
        assertThat(reply.json().get("violations")).extracting(v -> v.get("field").asString())
                .containsExactlyInAnyOrder("video_time", "extend_prompt");
    }

    @Test
    void namesAValueOutsideTheEnum() {
        ApiClient.Reply reply = api.start(KLING, SampleBodies.validJsonWith(KLING, "row-3", Map.of("mode", "slow-motion")));

        assertErrorResponse(reply, 400, "INVALID_REQUEST");
        assertThat(reply.error()).contains("mode: \"slow-motion\" is not one of text-to-video, image-to-video, motion-control");
    }

    @Test
    void rejectsANameThatIsNotText() {
        ApiClient.Reply reply = api.start(HEAD_SWAP, "{\"image_url\":\"https://e.com/a.png\","
                + "\"target_image_url\":\"https://e.com/b.png\",\"name\":42}");

        assertErrorResponse(reply, 400, "INVALID_REQUEST");
        assertThat(reply.error()).startsWith("name: expected a string");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"text\"", "null", "42", "{\"image_url\":{}}", "{\"image_url\":[1,2]}",
            "{} trailing", "{\"a\":\"\\ud800\"}", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"})
    void answersBadInputWithAClientErrorAndNoStackTrace(String body) {
        ApiClient.Reply reply = api.start(I2V, body);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.body()).doesNotContainPattern(RawHttp.JAVA_INTERNALS);
    }

    @Test
    void answersInvalidUtf8WithAClientError() {
        ApiClient.Reply reply = api.send("POST", I2V.start().path(),
                new String(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'},
                        StandardCharsets.ISO_8859_1));

        assertThat(reply.status()).isBetween(200, 499);
        assertThat(reply.body()).doesNotContain("Exception");
    }

    @Test
    void refusesARequestWithoutAToken() {
        ApiClient.Reply reply = api.as(null).start(I2V, SampleBodies.validJson(I2V, "x"));

        assertErrorResponse(reply, 401, "UNAUTHORIZED");
        assertThat(reply.error()).contains("No Authorization header");
    }

    @Test
    void refusesAnAuthorizationHeaderThatIsNotBearer() {
        ApiClient.Reply basic = api.withAuthorizationHeader("Basic " + TOKEN).list(I2V, "");
        ApiClient.Reply bare = api.withAuthorizationHeader(TOKEN).list(I2V, "");

        assertErrorResponse(basic, 401, "UNAUTHORIZED");
        assertThat(basic.error()).contains("not 'Bearer <API token>'");
        assertErrorResponse(bare, 401, "UNAUTHORIZED");
    }

    @Test
    void refusesAnUnknownTokenWithoutRevealingIt() {
        String unknown = "sk_test_not_a_real_token_123";
        ApiClient.Reply reply = api.as(unknown).start(I2V, SampleBodies.validJson(I2V, "x"));

        assertErrorResponse(reply, 401, "UNAUTHORIZED");
        assertThat(reply.error()).contains("sk_test_…_123").doesNotContain(unknown);
    }

    @Test
    void refusesADisabledTokenUntilItIsEnabledAgain() {
        sim.setTokenEnabled(OTHER, false);
        ApiClient.Reply refused = api.as(OTHER).list(I2V, "");
        sim.setTokenEnabled(OTHER, true);
        ApiClient.Reply accepted = api.as(OTHER).list(I2V, "");

        assertErrorResponse(refused, 401, "UNAUTHORIZED");
        assertThat(refused.error()).contains("disabled");
        assertThat(accepted.status()).isEqualTo(200);
    }

    @Test
    void refusesAStartTheAccountCannotPayForAndChargesNothing() {
        sim.setCredits(POOR, 15);
        ApiClient poor = api.as(POOR);
        long before = sim.stats().tasksCreated();

        ApiClient.Reply first = poor.start(I2V, SampleBodies.validJson(I2V, "affordable"));
        ApiClient.Reply second = poor.start(I2V, SampleBodies.validJson(I2V, "too dear"));

        assertThat(first.status()).isEqualTo(200);
        assertErrorResponse(second, 402, "INSUFFICIENT_CREDITS");
        assertThat(second.error()).contains("costs 10 credits and the account has 5");
        assertThat(sim.credits(POOR)).isEqualTo(5);
        assertThat(sim.stats().tasksCreated()).isEqualTo(before + 1);
    }

    @Test
    void refusesADetectedMinorWith1003() {
        long before = sim.stats().tasksCreated();
        ApiClient.Reply reply = api.start(HEAD_SWAP, "{\"image_url\":\"https://e.com/a2e-moderation:minor.png\","
                + "\"target_image_url\":\"https://e.com/b.png\",\"minor_suspected_skip\":true}");

        assertErrorResponse(reply, 403, "1003");
        assertThat(sim.stats().tasksCreated()).isEqualTo(before);
    }

    @Test
    void refusesASuspectedMinorWith1004UnlessTheClientSkipsTheCheck() {
        String body = "{\"image_url\":\"https://e.com/a.png\",\"target_image_url\":\"https://e.com/b.png\","
                + "\"name\":\"a2e-moderation:suspected-minor\"";

        ApiClient.Reply refused = api.start(HEAD_SWAP, body + "}");
        ApiClient.Reply skipped = api.start(HEAD_SWAP, body + ",\"minor_suspected_skip\":true}");

        assertErrorResponse(refused, 403, "1004");
        assertThat(refused.error()).contains("minor_suspected_skip");
        assertThat(skipped.status()).isEqualTo(200);
    }

    @Test
    void appliesModerationToEveryFamilyAndNestedFields() {
        TaskFamily avatar = FamilyCatalog.bundled().require("productAvatar");
        String body = SampleBodies.validJsonWith(avatar, "nested",
                Map.of("image_urls", List.of("https://e.com/p.png", "https://e.com/a2e-moderation:minor.png")));

        assertErrorResponse(api.start(avatar, body), 403, "1003");
    }

    @Test
    void answersUnknownIdsAndOtherAccountsTasksWith404() {
        String mine = api.startOk(I2V, SampleBodies.validJson(I2V, "private"));

        assertErrorResponse(api.detail(I2V, "0123456789abcdef01234567"), 404, "NOT_FOUND");
        assertErrorResponse(api.as(OTHER).detail(I2V, mine), 404, "NOT_FOUND");
        assertErrorResponse(api.detail(FamilyCatalog.bundled().require("userUpscale"), mine), 404, "NOT_FOUND");
        assertThat(api.detail(I2V, mine).status()).isEqualTo(200);
    }

    @Test
    void answersUnknownPathsWith404AndWrongMethodsWith405() {
        assertErrorResponse(api.get("/api/v1/noSuchThing/start"), 404, "NOT_FOUND");

        ApiClient.Reply wrongMethod = api.send("PUT", I2V.start().path(), "{}");
        assertErrorResponse(wrongMethod, 405, "METHOD_NOT_ALLOWED");
        assertThat(wrongMethod.header("Allow")).isEqualTo("POST");
    }

    @Test
    void answersOperationsItDoesNotModelWith501NamingThem() {
        ApiClient.Reply reply = api.post("/api/v1/userImage2Video/0123456789abcdef01234567/markShared", "{}");

        assertErrorResponse(reply, 501, "NOT_SIMULATED");
        assertThat(reply.error()).contains("POST /api/v1/userImage2Video/{_id}/markShared");
        assertErrorResponse(api.get("/api/v1/token/list"), 501, "NOT_SIMULATED");
    }

    @Test
    void limitsTheRateWith429AndARoundedUpRetryAfter() {
        try (A2eSimulator limited = A2eSimulator.builder().tokens(TOKEN).clock(CLOCK).rateLimit(2).start()) {
            ApiClient client = new ApiClient(limited.baseUrl(), TOKEN);
            assertThat(client.list(I2V, "").status()).isEqualTo(200);
            assertThat(client.list(I2V, "").status()).isEqualTo(200);

            ApiClient.Reply refused = client.list(I2V, "");
            assertErrorResponse(refused, 429, "RATE_LIMITED");
            assertThat(refused.header("Retry-After")).isEqualTo("1");

            CLOCK.advance(Duration.ofMillis(500));
            assertThat(client.list(I2V, "").status()).isEqualTo(200);
            assertThat(limited.stats().rateLimited()).isEqualTo(1);

            limited.update(c -> c.rateLimit(0.3));
            CLOCK.advance(Duration.ofSeconds(10));
            assertThat(client.list(I2V, "").status()).isEqualTo(200);
            assertThat(client.list(I2V, "").header("Retry-After")).isEqualTo("4");
        }
    }

    @Test
    void limitsEachTokenSeparately() {
        try (A2eSimulator limited = A2eSimulator.builder().tokens(TOKEN, OTHER).clock(CLOCK).rateLimit(1).start()) {
            ApiClient client = new ApiClient(limited.baseUrl(), TOKEN);
            assertThat(client.list(I2V, "").status()).isEqualTo(200);
            assertThat(client.list(I2V, "").status()).isEqualTo(429);
            assertThat(client.as(OTHER).list(I2V, "").status()).isEqualTo(200);
        }
    }
}

package io.a2ebatch.contract.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.a2ebatch.contract.capture.Interaction;
import io.a2ebatch.spec.ApiSpec;
import org.junit.jupiter.api.Test;

/**
 * A broken request or answer fails with a message that names the operation, the rule and the
 * offending field, and the rules that let the doc pages overrule the spec are exactly as wide as
 * the disagreement. Exchanges here are written by hand, so these tests need no server.
 */
class ContractFailureMessageTest {

    private static final String TOKEN = "sk_test_messages_0123456789abcdef";
    private static final String KLING_START = "{\"mode\":\"image-to-video\",\"prompt\":\"A beautiful sunset\","
            + "\"version\":\"3.0\",\"duration\":\"5\",\"sound\":false,\"name\":\"kling-1 [a2e c0ffee00]\"}";
    private static final String RECORD = "{\"_id\":\"67d29023dd27a536fdf6e809\",\"name\":\"Test name\","
            + "\"image_url\":\"https://example.com/a.png\",\"current_status\":\"completed\",\"coins\":100,"
            + "\"createdAt\":\"2025-03-13T07:58:27.863Z\",\"failed_message\":\"\",\"failed_code\":\"\","
            + "\"result_url\":\"https://example.com/result.mp4\"}";
    private static final String SUCCESS = "{\"code\":0,\"data\":" + RECORD
            + ",\"trace_id\":\"f53cfb3c-1a42-4f07-b8e3-5020244b1e04\"}";

    private final ContractValidator validator = ContractValidator.bundled();

    @Test
    void aStartRequestFieldOfTheWrongTypeIsNamedWithItsOperationAndRule() {
        Interaction sent = post("/api/v1/klingVideo/start", KLING_START.replace("\"duration\":\"5\"", "\"duration\":5"),
                200, SUCCESS);

        assertThatThrownBy(() -> validator.assertConform(List.of(sent), TOKEN))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("2 contract violations in 1 exchange:")
                .hasMessageContaining("POST /api/v1/klingVideo/start: request field \"duration\" breaks"
                        + " validation.request.body.schema.enum: Instance value (5) not found in enum (possible values:"
                        + " [\"5\",\"10\",\"15\"])")
                .hasMessageContaining("POST /api/v1/klingVideo/start: request field \"duration\" breaks"
                        + " validation.request.body.schema.type: Instance type (integer) does not match any allowed"
                        + " primitive type (allowed: [\"string\"])")
                .hasMessageContaining("[POST /api/v1/klingVideo/start -> 200 (recorded in the client)]");
    }

    @Test
    void aValueOutsideTheSchemasEnumIsNamedWithTheAllowedValues() {
        Interaction sent = post("/api/v1/klingVideo/start", KLING_START.replace("\"duration\":\"5\"", "\"duration\":\"7\""),
                200, SUCCESS);

        assertThat(violations(sent)).singleElement().satisfies(v -> {
            assertThat(v.operation()).isEqualTo("POST /api/v1/klingVideo/start");
            assertThat(v.side()).isEqualTo("request");
            assertThat(v.field()).isEqualTo("duration");
            assertThat(v.rule()).isEqualTo("validation.request.body.schema.enum");
            assertThat(v.message()).contains("\"7\"").contains("\"5\"", "\"10\"", "\"15\"");
        });
    }

    @Test
    void aFieldTheStartSchemaDoesNotDeclareIsRefused() {
        Interaction sent = post("/api/v1/klingVideo/start", KLING_START.replace("\"mode\"", "\"promt\":\"x\",\"mode\""),
                200, SUCCESS);

        assertThat(violations(sent)).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo("validation.request.body.schema.additionalProperties");
            assertThat(v.field()).isEqualTo("promt");
        });
    }

    @Test
    void aRequestWithoutTheBearerTokenIsNamedByItsHeader() {
        Interaction sent = new Interaction(Interaction.Source.CLIENT, Instant.now(), "GET",
                "/api/v1/userImage2Video/67d29023dd27a536fdf6e809", "", Map.of("Accept", List.of("application/json")),
                new byte[0], 200, json(), bytes(SUCCESS));

        assertThat(violations(sent)).extracting(ContractViolation::rule, ContractViolation::field).contains(
                tuple("validation.request.security.missing", "Authorization"),
                tuple("a2e.request.authorization", "Authorization"));
    }

    @Test
    void aBearerTokenOtherThanTheConfiguredOneIsCaughtWithoutShowingEitherToken() {
        Interaction sent = get("/api/v1/userImage2Video/67d29023dd27a536fdf6e809", 200, SUCCESS,
                "Bearer sk_test_someone_else_000000000000");

        assertThat(violations(sent)).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo("a2e.request.authorization");
            assertThat(v.describe()).doesNotContain(TOKEN).doesNotContain("sk_test_someone_else");
        });
    }

    @Test
    void aRecordWithoutItsStatusIsNamedByTheDocumentedField() {
        Interaction read = get("/api/v1/userImage2Video/67d29023dd27a536fdf6e809", 200,
                SUCCESS.replace("\"current_status\":\"completed\",", ""), "Bearer " + TOKEN);

        assertThatThrownBy(() -> validator.assertConform(List.of(read), TOKEN))
                .hasMessageContaining("GET /api/v1/userImage2Video/{_id}: response field \"data.current_status\" breaks"
                        + " a2e.record.current_status: expected one of [completed, failed, initialized, pending,"
                        + " processing, sent], got nothing");
    }

    @Test
    void faceSwapRecordsMustUseA2esSpellingFaildMessageAndErrorCode() {
        String faceSwap = SUCCESS.replace("\"image_url\":\"https://example.com/a.png\"", "\"face_url\":\"https://example.com/f.jpg\"");
        Interaction read = get("/api/v1/userFaceSwapTask/67d29023dd27a536fdf6e809", 200, faceSwap, "Bearer " + TOKEN);

        assertThat(violations(read)).extracting(ContractViolation::field, ContractViolation::rule).containsExactlyInAnyOrder(
                tuple("data.faild_message", "a2e.record.faild_message"),
                tuple("data.error_code", "a2e.record.error_code"),
                tuple("data.failed_message", "a2e.record.field-name"),
                tuple("data.failed_code", "a2e.record.field-name"));
    }

    @Test
    void theDocPagesEnvelopeIsAcceptedAndTheSpecsSuccessEnvelopeIsNot() {
        Interaction docPages = get("/api/v1/userImage2Video/67d29023dd27a536fdf6e809", 200, SUCCESS, "Bearer " + TOKEN);
        Interaction specOnly = get("/api/v1/userImage2Video/67d29023dd27a536fdf6e809", 200,
                "{\"success\":true,\"data\":" + RECORD + ",\"timestamp\":\"2025-01-14T18:22:13.726Z\"}", "Bearer " + TOKEN);

        assertThat(violations(docPages)).isEmpty();
        assertThat(violations(specOnly)).extracting(ContractViolation::rule)
                .containsExactlyInAnyOrder("a2e.envelope.trace_id", "a2e.envelope.code");
    }

    @Test
    void theEnvelopeWhitelistAdmitsNoOtherMember() {
        Interaction extra = get("/api/v1/userImage2Video/67d29023dd27a536fdf6e809", 200,
                SUCCESS.replace("{\"code\":0,", "{\"code\":0,\"message\":\"ok\","), "Bearer " + TOKEN);

        assertThat(violations(extra)).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo("validation.response.body.schema.additionalProperties");
            assertThat(v.message()).contains("[\"code\",\"message\",\"trace_id\"]");
        });
    }

    @Test
    void anUndeclaredErrorStatusMustStillBeAnErrorResponse() {
        String good = "{\"success\":false,\"code\":\"RATE_LIMITED\",\"error\":\"slow down\","
                + "\"timestamp\":\"2025-03-13T07:58:27.863Z\",\"trace_id\":\"f53cfb3c-1a42-4f07-b8e3-5020244b1e04\"}";
        Interaction limited = new Interaction(Interaction.Source.SIMULATOR, Instant.now(), "POST",
                "/api/v1/klingVideo/start", "", requestHeaders("Bearer sk_test_…cdef"), bytes(KLING_START), 429,
                Map.of("Content-Type", List.of("application/json"), "Retry-After", List.of("1")), bytes(good));
        Interaction bare = new Interaction(Interaction.Source.SIMULATOR, Instant.now(), "POST",
                "/api/v1/klingVideo/start", "", requestHeaders("Bearer sk_test_…cdef"), bytes(KLING_START), 429,
                json(), bytes("{\"message\":\"slow down\"}"));

        assertThat(violations(limited)).isEmpty();
        assertThat(violations(bare)).extracting(ContractViolation::rule, ContractViolation::field).contains(
                tuple("validation.response.body.schema.required", "error,success"),
                tuple("a2e.envelope.trace_id", "trace_id"),
                tuple("a2e.error.retry-after", "Retry-After"));
    }

    @Test
    void theUnrepairedOriginalSpecCannotBeLoadedWhichIsWhyTheSuiteUsesTheRepairedOne() {
        assertThatThrownBy(() -> ContractValidator.forSpec(ApiSpec.readResource(ApiSpec.ORIGINAL_RESOURCE)))
                .hasMessageContaining("Unable to load API spec");
    }

    private List<ContractViolation> violations(Interaction interaction) {
        return validator.check(interaction, TOKEN).stream().filter(v -> !v.warning()).toList();
    }

    private static Interaction post(String path, String body, int status, String response) {
        return new Interaction(Interaction.Source.CLIENT, Instant.now(), "POST", path, "",
                requestHeaders("Bearer " + TOKEN), bytes(body), status, json(), bytes(response));
    }

    private static Interaction get(String path, int status, String response, String authorization) {
        Map<String, List<String>> headers = Map.of("Authorization", List.of(authorization),
                "Accept", List.of("application/json"));
        return new Interaction(Interaction.Source.CLIENT, Instant.now(), "GET", path, "", headers, new byte[0], status,
                json(), bytes(response));
    }

    private static Map<String, List<String>> requestHeaders(String authorization) {
        return Map.of("Authorization", List.of(authorization), "Content-Type", List.of("application/json"),
                "Accept", List.of("application/json"));
    }

    private static Map<String, List<String>> json() {
        return Map.of("Content-Type", List.of("application/json; charset=utf-8"));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

package io.a2ebatch.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import io.a2ebatch.kie.AlephFake;
import io.a2ebatch.spec.SpecJson;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.TaskFamily;
import io.a2ebatch.spec.family.TaskState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The client reads kie.ai's answers through its descriptor: HTTP 200 with the status in the body's
 * {@code code}, mapped to the same typed exceptions as A2E's HTTP statuses.
 */
class KieClientTest {

    private static final String KIE_TOKEN = "kie_test_client_0123456789";
    private final TaskFamily aleph = FamilyCatalog.everyProvider().require("kie.aleph");
    private final TaskFamily i2v = FamilyCatalog.everyProvider().require("userImage2Video");
    private AlephFake kie;
    private A2eClient client;

    @BeforeEach
    void setUp() throws Exception {
        kie = new AlephFake(KIE_TOKEN, Duration.ZERO);
        // A2E's endpoint is unreachable: a kie.ai request that went there would fail.
        ProviderEndpoints endpoints = new ProviderEndpoints(p -> p.equals(aleph.provider())
                ? new ProviderEndpoints.ApiEndpoint(kie.baseUrl(), ApiToken.of(KIE_TOKEN))
                : new ProviderEndpoints.ApiEndpoint(URI.create("http://127.0.0.1:9"), ApiToken.of("sk_test_a2e")));
        client = new A2eClient(endpoints, A2eClient.defaultHttpClient(Duration.ofSeconds(2)), Duration.ofSeconds(5),
                new RequestCounter());
    }

    @AfterEach
    void tearDown() {
        kie.close();
    }

    private static JsonNode body() {
        return SpecJson.MAPPER.readTree("{\"prompt\":\"snow\",\"videoUrl\":\"https://example.com/a.mp4\"}");
    }

    @Test
    void startsAndReadsAnAlephTaskWithKiesTokenAtKiesBaseUrl() {
        TaskRecord started = client.start(aleph, body());
        TaskRecord read = client.detail(aleph, started.id());

        assertThat(kie.tasks()).containsOnlyKeys(started.id());
        assertThat(read.id()).isEqualTo(started.id());
        assertThat(read.state()).isEqualTo(TaskState.COMPLETED);
        assertThat(read.resultUrl()).isEqualTo("https://files.example/" + started.id() + ".mp4");
        assertThat(read.rawStatus()).isEqualTo("successFlag=1");
        assertThat(kie.authorizations()).containsOnly("Bearer " + KIE_TOKEN);
        assertThat(client.baseUrl(aleph.provider())).isEqualTo(kie.baseUrl());
        assertThat(client.baseUrl(i2v.provider())).isEqualTo(URI.create("http://127.0.0.1:9"));
    }

    @Test
    void mapsKiesBodyCodesToTheSameDecisionsAsA2esHttpStatuses() {
        Map<Integer, Class<? extends A2eApiException>> byCode = Map.of(
                401, AuthenticationException.class, 404, TaskNotFoundException.class,
                422, RequestRejectedException.class, 429, RateLimitedException.class,
                451, RequestRejectedException.class, 455, ServiceUnavailableException.class,
                500, ServerErrorException.class);
        byCode.forEach((code, type) -> {
            kie.refuseNext(code);
            assertThatThrownBy(() -> client.start(aleph, body())).as("code %d", code).isInstanceOf(type)
                    .satisfies(e -> {
                        A2eApiException api = (A2eApiException) e;
                        assertThat(api.summary()).isEqualTo(code + ": refused with " + code);
                        assertThat(api.httpStatus()).isEqualTo(code);
                    });
        });
        assertThat(kie.tasks()).isEmpty();
        assertThat(new ServiceUnavailableException(new A2eApiException.Failure("op", 455, "455", "", "m", null))
                .mayHaveCreatedTask()).isFalse();
    }

    @Test
    void aRejectedBodyIsRefusedWithKiesValidationMessage() {
        assertThatThrownBy(() -> client.start(aleph, SpecJson.MAPPER.readTree("{\"prompt\":\"snow\"}")))
                .isInstanceOf(RequestRejectedException.class).hasMessageContaining("videoUrl");
    }

    @Test
    void readsTheTaskIdOfRecordInfoFromTheQuery() {
        kie.refuseNext(404);
        assertThatThrownBy(() -> client.detail(aleph, "no such task")).isInstanceOf(TaskNotFoundException.class);
        assertThatThrownBy(() -> client.detail(aleph, "no such task")).isInstanceOf(TaskNotFoundException.class)
                .hasMessage("task not found");
    }
}

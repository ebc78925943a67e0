package io.a2ebatch.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Collection;

import io.a2ebatch.simulator.testing.ApiClient;
import io.a2ebatch.simulator.testing.SampleBodies;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.ResultFields;
import io.a2ebatch.spec.family.TaskFamily;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** Every family of the spec works through the one generic engine: start, detail, batchDetail, list, delete. */
class EveryFamilyTest {

    private static final String TOKEN = "sk_test_families_0000001";
    private static A2eSimulator sim;
    private static ApiClient api;

    @BeforeAll
    static void startSimulator() {
        sim = A2eSimulator.builder().tokens(TOKEN).credits(1_000_000).dispatchStep(Duration.ZERO)
                .taskDuration(Duration.ZERO).start();
        api = new ApiClient(sim.baseUrl(), TOKEN);
    }

    @AfterAll
    static void stopSimulator() {
        sim.close();
    }

    static Collection<TaskFamily> families() {
        return FamilyCatalog.bundled().families();
    }

    @Test
    void servesAllTwentySixFamilies() {
        assertThat(families()).hasSize(26);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    void startsReadsListsAndDeletesATask(TaskFamily family) {
        String name = "every-family-" + family.name();
        JsonNode body = SampleBodies.valid(family, name);
        assertThat(family.requestSchema().validate(body)).as("sample body of " + family).isEmpty();
        ResultFields f = family.fields();

        ApiClient.Reply started = api.start(family, body.toString());
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        JsonNode record = started.data();
        String id = record.get(f.id()).asString();
        assertThat(id).matches("[0-9a-f]{24}");
        assertThat(record.get(f.status()).asString()).isEqualTo("initialized");
        assertThat(record.get(f.name()).asString()).isEqualTo(name);
        assertThat(record.has(f.resultUrl())).isTrue();
        assertThat(record.has(f.failedMessage())).isTrue();
        assertThat(record.has(f.failedCode())).isTrue();
        assertThat(record.has(f.coins())).isTrue();
        assertThat(record.has(f.createdAt())).isTrue();

        JsonNode detail = api.detail(family, id).data();
        assertThat(detail.get(f.id()).asString()).isEqualTo(id);
        assertThat(detail.get(f.status()).asString()).isEqualTo("completed");
        String resultUrl = detail.get(f.resultUrl()).asString();
        assertThat(resultUrl).startsWith(sim.baseUrl() + "/results/" + id + ".");
        assertThat(api.as(null).get(resultUrl.substring(sim.baseUrl().toString().length())).status()).isEqualTo(200);

        family.batchDetail().ifPresent(endpoint -> assertThat(api.batchDetail(family, "{\"ids\":[\"" + id + "\"]}")
                .data()).extracting(r -> r.get(f.id()).asString()).containsExactly(id));
        family.list().ifPresent(endpoint -> assertThat(api.list(family, "pageSize=100").data().get("list"))
                .extracting(r -> r.get(f.name()).asString()).contains(name));
        family.delete().ifPresent(endpoint -> {
            assertThat(api.delete(family, id).status()).isEqualTo(200);
            assertThat(api.detail(family, id).status()).isEqualTo(404);
        });
    }

    @Test
    void spellsFaceSwapsFailureFieldsAsA2EDoes() {
        TaskFamily faceSwap = FamilyCatalog.bundled().require("userFaceSwapTask");
        JsonNode record = api.start(faceSwap, SampleBodies.validJson(faceSwap, "fs")).data();

        assertThat(record.has("faild_message")).isTrue();
        assertThat(record.has("error_code")).isTrue();
        assertThat(record.has("failed_message")).isFalse();
    }

    @Test
    void namesProductAvatarsResultFieldAsItsSpecDoes() {
        TaskFamily avatar = FamilyCatalog.bundled().require("productAvatar");
        String id = api.startOk(avatar, SampleBodies.validJson(avatar, "pa"));

        JsonNode record = api.detail(avatar, id).data();

        assertThat(record.get("result_image_url").asString()).endsWith(id + ".png");
        assertThat(record.has("result_url")).isFalse();
    }
}

package io.a2ebatch.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.a2ebatch.simulator.testing.ApiClient;
import io.a2ebatch.simulator.testing.MutableClock;
import io.a2ebatch.simulator.testing.SampleBodies;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.TaskFamily;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** batchDetail, list (find by name after a crash) and delete. */
class ReadAndDeleteTest {

    private static final String TOKEN = "sk_test_reads_000000001";
    private static final String OTHER = "sk_test_reads_000000002";
    private static final TaskFamily I2V = FamilyCatalog.bundled().require("userImage2Video");
    private static final TaskFamily NANO = FamilyCatalog.bundled().require("userNanoBanana");

    private final MutableClock clock = MutableClock.atDocExample();
    private A2eSimulator sim;
    private ApiClient api;

    @BeforeEach
    void startSimulator() {
        sim = A2eSimulator.builder().tokens(TOKEN, OTHER).clock(clock).credits(10_000).taskCost(10)
                .dispatchStep(Duration.ofSeconds(1)).taskDuration(Duration.ofSeconds(10)).seed(5).start();
        api = new ApiClient(sim.baseUrl(), TOKEN);
    }

    @AfterEach
    void stopSimulator() {
        sim.close();
    }

    private List<String> startMany(TaskFamily family, String prefix, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(api.startOk(family, SampleBodies.validJson(family, prefix + i)));
            clock.advance(Duration.ofMillis(1));
        }
        return ids;
    }

    private static String idsBody(List<String> ids) {
        return ids.stream().map(id -> "\"" + id + "\"").collect(Collectors.joining(",", "{\"ids\":[", "]}"));
    }

    @Test
    void batchDetailReturnsTheFoundTasksInRequestOrderLeavingOutUnknownIds() {
        List<String> ids = startMany(I2V, "batch-", 3);
        String theirs = api.as(OTHER).startOk(I2V, SampleBodies.validJson(I2V, "theirs"));
        List<String> asked = List.of(ids.get(2), "0123456789abcdef01234567", ids.get(0), theirs, ids.get(1));

        ApiClient.Reply reply = api.batchDetail(I2V, idsBody(asked));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.data()).extracting(r -> r.get("_id").asString()).containsExactly(ids.get(2), ids.get(0), ids.get(1));
        assertThat(reply.data().get(0).get("current_status").asString()).isEqualTo("initialized");
        assertThat(reply.data().get(0).get("name").asString()).isEqualTo("batch-2");
    }

    @Test
    void batchDetailShowsEachTasksCurrentStatus() {
        List<String> ids = startMany(I2V, "progress-", 2);
        clock.advance(Duration.ofSeconds(4));

        ApiClient.Reply reply = api.batchDetail(I2V, idsBody(ids));

        assertThat(reply.data()).extracting(r -> r.get("current_status").asString()).containsOnly("processing");
    }

    @Test
    void batchDetailAcceptsOneToAHundredIds() {
        List<String> hundred = IntStream.range(0, 100).mapToObj(i -> String.format("%024x", i)).toList();
        List<String> tooMany = IntStream.range(0, 101).mapToObj(i -> String.format("%024x", i)).toList();

        assertThat(api.batchDetail(I2V, idsBody(hundred)).status()).isEqualTo(200);
        ApiClient.Reply over = api.batchDetail(I2V, idsBody(tooMany));
        assertThat(over.status()).isEqualTo(400);
        assertThat(over.error()).contains("101").contains("1 to 100");
        ApiClient.Reply none = api.batchDetail(I2V, "{\"ids\":[]}");
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.errorCode()).isEqualTo("INVALID_REQUEST");
    }

    @Test
    void batchDetailRejectsBodiesWithoutAnArrayOfTextIds() {
        assertThat(api.batchDetail(I2V, "{}").error()).contains("ids");
        assertThat(api.batchDetail(I2V, "{\"ids\":\"abc\"}").status()).isEqualTo(400);
        ApiClient.Reply numbers = api.batchDetail(I2V, "{\"ids\":[\"abc\", 7]}");
        assertThat(numbers.status()).isEqualTo(400);
        assertThat(numbers.error()).contains("ids[1]");
        assertThat(api.batchDetail(I2V, "{\"ids\":[").status()).isEqualTo(400);
    }

    @Test
    void listsTheAccountsTasksOfOneFamilyNewestFirstInPages() {
        List<String> ids = startMany(I2V, "page-", 25);
        startMany(NANO, "other-family-", 2);
        api.as(OTHER).startOk(I2V, SampleBodies.validJson(I2V, "other-account"));

        JsonNode first = api.list(I2V, "").data();
        JsonNode third = api.list(I2V, "pageNum=3&pageSize=10").data();
        JsonNode beyond = api.list(I2V, "pageNum=4&pageSize=10").data();

        assertThat(first.get("total").asLong()).isEqualTo(25);
        assertThat(first.get("pageNum").asInt()).isEqualTo(1);
        assertThat(first.get("pageSize").asInt()).isEqualTo(10);
        assertThat(first.get("list")).extracting(r -> r.get("name").asString())
                .containsExactly("page-24", "page-23", "page-22", "page-21", "page-20", "page-19", "page-18",
                        "page-17", "page-16", "page-15");
        assertThat(third.get("list")).extracting(r -> r.get("_id").asString())
                .containsExactly(ids.get(4), ids.get(3), ids.get(2), ids.get(1), ids.get(0));
        assertThat(beyond.get("list")).isEmpty();
        assertThat(beyond.get("total").asLong()).isEqualTo(25);
    }

    @Test
    void findsATaskByNameAfterACrashByWalkingTheList() {
        startMany(I2V, "row-", 30);
        String wanted = "row-7";

        String found = null;
        for (int page = 1; found == null; page++) {
            JsonNode list = api.list(I2V, "pageNum=" + page + "&pageSize=100").data().get("list");
            assertThat(list).isNotEmpty();
            for (JsonNode record : list) {
                if (record.get("name").asString().equals(wanted)) {
                    found = record.get("_id").asString();
                }
            }
        }

        assertThat(api.detail(I2V, found).data().get("name").asString()).isEqualTo(wanted);
        assertThat(sim.stats().tasksNamed(wanted)).isEqualTo(1);
    }

    @Test
    void filtersTheListByStatus() {
        startMany(I2V, "early-", 2);
        clock.advance(Duration.ofSeconds(20));
        startMany(I2V, "late-", 3);

        JsonNode completed = api.list(I2V, "status=completed").data();
        JsonNode initialized = api.list(I2V, "status=initialized&pageSize=2").data();

        assertThat(completed.get("total").asLong()).isEqualTo(2);
        assertThat(initialized.get("total").asLong()).isEqualTo(3);
        assertThat(initialized.get("list")).extracting(r -> r.get("name").asString()).containsExactly("late-2", "late-1");
        assertThat(api.list(I2V, "status=done").status()).isEqualTo(400);
    }

    @Test
    void rejectsPageParametersOutOfRange() {
        for (String query : List.of("pageSize=0", "pageSize=101", "pageNum=0", "pageNum=x", "pageSize=-5")) {
            ApiClient.Reply reply = api.list(I2V, query);
            assertThat(reply.status()).as(query).isEqualTo(400);
            assertThat(reply.error()).as(query).contains(query.substring(0, query.indexOf('=')));
        }
        assertThat(api.list(I2V, "pageSize=100").status()).isEqualTo(200);
    }

    @Test
    void deletesAnInitializedTaskAndRefundsIt() {
        String id = api.startOk(I2V, SampleBodies.validJson(I2V, "regret"));
        assertThat(sim.credits(TOKEN)).isEqualTo(9_990);

        ApiClient.Reply reply = api.delete(I2V, id);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.data().get("_id").asString()).isEqualTo(id);
        assertThat(reply.data().get("deleted").asBoolean()).isTrue();
        assertThat(sim.credits(TOKEN)).isEqualTo(10_000);
        assertThat(api.detail(I2V, id).status()).isEqualTo(404);
        assertThat(api.list(I2V, "").data().get("total").asLong()).isZero();
        assertThat(sim.stats().tasksCreated()).isEqualTo(1);
        assertThat(sim.stats().tasksDeleted()).isEqualTo(1);
    }

    @Test
    void refusesToDeleteATaskOnItsWay() {
        String id = api.startOk(I2V, SampleBodies.validJson(I2V, "busy"));
        for (String expected : List.of("sent", "pending", "processing")) {
            clock.advance(Duration.ofSeconds(1));
            ApiClient.Reply reply = api.delete(I2V, id);
            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.errorCode()).isEqualTo("INVALID_REQUEST");
            assertThat(reply.error()).contains("is " + expected);
        }
        assertThat(api.detail(I2V, id).status()).isEqualTo(200);
    }

    @Test
    void deletesFinishedTasksWithoutRefund() {
        String id = api.startOk(I2V, SampleBodies.validJson(I2V, "done"));
        clock.advance(Duration.ofSeconds(13));

        ApiClient.Reply reply = api.delete(I2V, id);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(sim.credits(TOKEN)).isEqualTo(9_990);
        assertThat(api.delete(I2V, id).status()).isEqualTo(404);
    }

    @Test
    void answersDeletesOfUnknownOrOtherAccountsTasksWith404() {
        String theirs = api.as(OTHER).startOk(I2V, SampleBodies.validJson(I2V, "theirs"));

        assertThat(api.delete(I2V, "0123456789abcdef01234567").status()).isEqualTo(404);
        assertThat(api.delete(I2V, theirs).status()).isEqualTo(404);
        assertThat(api.as(OTHER).detail(I2V, theirs).status()).isEqualTo(200);
    }

    @Test
    void deletingAWaitingTaskLetsTheNextOneTakeItsPlace() {
        sim.update(c -> c.maxProcessing(1));
        String first = api.startOk(I2V, SampleBodies.validJson(I2V, "first"));
        String second = api.startOk(I2V, SampleBodies.validJson(I2V, "second"));
        assertThat(api.delete(I2V, first).status()).isEqualTo(200);

        clock.advance(Duration.ofSeconds(3));

        assertThat(api.detail(I2V, second).data().get("current_status").asString()).isEqualTo("processing");
    }
}

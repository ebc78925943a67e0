package io.a2ebatch.submit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToLongFunction;

import io.a2ebatch.client.A2eClient;
import io.a2ebatch.client.ApiToken;
import io.a2ebatch.client.RequestCounter;
import io.a2ebatch.client.TaskRecord;
import io.a2ebatch.simulator.A2eSimulator;
import io.a2ebatch.spec.SpecJson;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.TaskFamily;
import io.a2ebatch.throttle.Backoff;
import io.a2ebatch.throttle.RateLimiter;
import io.a2ebatch.throttle.RateLimiterConfig;
import io.a2ebatch.throttle.RequestGate;
import io.a2ebatch.throttle.Ticker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** Looking tasks up after an ambiguous start, against the simulator's list endpoint. */
class InDoubtResolverTest {

    private static final String TOKEN = "sk_test_resolver_0123456789abcdef";
    private static final TaskFamily TEXT_TO_IMAGE = FamilyCatalog.bundled().require("userText2Image");
    private static final TaskFamily HEAD_SWAP = FamilyCatalog.bundled().require("headSwap");

    /** A run that sent no other start since its doubtful one. */
    private static final ToLongFunction<Instant> NO_OWN_STARTS = since -> 0;

    private A2eSimulator sim;
    private A2eClient client;
    private InDoubtResolver resolver;
    private RequestCounter counter;
    private RequestGate gate;

    @BeforeEach
    void start() {
        sim = A2eSimulator.builder().tokens(TOKEN).seed(5).start();
        counter = new RequestCounter();
        client = new A2eClient(sim.baseUrl(), ApiToken.of(TOKEN), A2eClient.defaultHttpClient(Duration.ofSeconds(2)),
                Duration.ofSeconds(5), counter);
        gate = new RequestGate(new RateLimiter(RateLimiterConfig.smooth(1000), Ticker.SYSTEM),
                new Backoff(Duration.ofMillis(10), 2, Duration.ofMillis(100), 3), Ticker.SYSTEM, new Random(1));
        resolver = new InDoubtResolver(client, gate, 50);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private static ObjectNode textBody(String name, String prompt) {
        ObjectNode body = SpecJson.MAPPER.createObjectNode();
        body.put("name", name);
        body.put("prompt", prompt);
        return body;
    }

    private static ObjectNode headSwapBody(String image) {
        ObjectNode body = SpecJson.MAPPER.createObjectNode();
        body.put("image_url", image);
        body.put("target_image_url", "https://example.com/target.jpg");
        return body;
    }

    @Test
    void findsTheTaskARowCreatedByItsNameAndNothingForARowThatCreatedNone() throws Exception {
        Instant before = Instant.now();
        for (int i = 0; i < 250; i++) {
            client.start(TEXT_TO_IMAGE, textBody("other-" + i + " [a2e 00000000]", "p"));
        }
        TaskRecord created = client.start(TEXT_TO_IMAGE, textBody("k1 [a2e 12345678]", "a cat"));
        for (int i = 0; i < 120; i++) {
            client.start(TEXT_TO_IMAGE, textBody("later-" + i + " [a2e 00000000]", "p"));
        }

        InDoubtResolver.Lookup lookup = resolver.resolve(TEXT_TO_IMAGE, List.of(
                new InDoubt("k1", "k1 [a2e 12345678]", textBody("k1 [a2e 12345678]", "a cat"), before),
                new InDoubt("k2", "k2 [a2e 12345678]", textBody("k2 [a2e 12345678]", "a dog"), before)), id -> false,
                NO_OWN_STARTS);
        Map<String, TaskRecord> found = lookup.found();

        assertThat(found).containsOnlyKeys("k1");
        assertThat(lookup.absent("k2")).as("the whole list was read").isTrue();
        assertThat(found.get("k1").id()).isEqualTo(created.id());
    }

    @Test
    void stopsReadingTheListOnceItReachesTasksOlderThanTheDoubt() throws Exception {
        for (int i = 0; i < 350; i++) {
            client.start(TEXT_TO_IMAGE, textBody("old-" + i, "p"));
        }
        long listsBefore = counter.count(io.a2ebatch.client.ApiCall.LIST);
        // A doubt from the future: even the newest task is older than it, minus the clock allowance.
        Instant doubt = Instant.now().plus(InDoubtResolver.CLOCK_SKEW).plusSeconds(60);

        resolver.resolve(TEXT_TO_IMAGE, List.of(new InDoubt("k", "k [a2e 1]", textBody("k [a2e 1]", "p"), doubt)),
                id -> false, NO_OWN_STARTS);

        assertThat(counter.count(io.a2ebatch.client.ApiCall.LIST) - listsBefore).isEqualTo(1);
    }

    @Test
    void neverAdoptsATaskAnotherRowAlreadyHolds() throws Exception {
        TaskRecord created = client.start(TEXT_TO_IMAGE, textBody("k1 [a2e 1]", "p"));
        Map<String, TaskRecord> found = resolver.resolve(TEXT_TO_IMAGE,
                List.of(new InDoubt("k1", "k1 [a2e 1]", textBody("k1 [a2e 1]", "p"), Instant.now().minusSeconds(5))),
                id -> id.equals(created.id()), NO_OWN_STARTS).found();
        assertThat(found).isEmpty();
    }

    @Test
    void aLookUpThatRunsOutOfPagesBeforeTheRequestsTimeDoesNotCallTheRowAbsent() throws Exception {
        Instant doubt = Instant.now();
        for (int i = 0; i < 250; i++) {
            client.start(TEXT_TO_IMAGE, textBody("later-" + i + " [a2e 00000000]", "p"));
        }
        InDoubtResolver onePage = new InDoubtResolver(client, gate, 1);

        InDoubtResolver.Lookup lookup = onePage.resolve(TEXT_TO_IMAGE,
                List.of(new InDoubt("k", "k [a2e 1]", textBody("k [a2e 1]", "p"), doubt)), id -> false, NO_OWN_STARTS);

        assertThat(lookup.found()).isEmpty();
        assertThat(lookup.pages()).isEqualTo(1);
        assertThat(lookup.complete()).isFalse();
        assertThat(lookup.absent("k")).as("its task may be further back: it must not be sent again").isFalse();
    }

    @Test
    void readsTheRunsOwnStartsSinceTheRequestOnTopOfItsPagesAndFindsTheTaskBehindThem() throws Exception {
        Instant doubt = Instant.now();
        TaskRecord mine = client.start(TEXT_TO_IMAGE, textBody("k1 [a2e 1]", "a cat"));
        for (int i = 0; i < 250; i++) {
            client.start(TEXT_TO_IMAGE, textBody("later-" + i + " [a2e 1]", "p"));
        }
        InDoubtResolver onePage = new InDoubtResolver(client, gate, 1);
        List<Instant> asked = new ArrayList<>();

        InDoubtResolver.Lookup lookup = onePage.resolve(TEXT_TO_IMAGE,
                List.of(new InDoubt("k1", "k1 [a2e 1]", textBody("k1 [a2e 1]", "a cat"), doubt)), id -> false,
                since -> {
                    asked.add(since);
                    return 251;
                });

        assertThat(lookup.found().get("k1").id()).isEqualTo(mine.id());
        assertThat(lookup.pages()).as("1 page + 3 for 251 own starts; found on the third").isEqualTo(3);
        assertThat(asked).containsExactly(doubt.minus(InDoubtResolver.CLOCK_SKEW));
    }

    @Test
    void matchesATaskWithoutANameByTheFieldsItEchoes() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        TaskRecord mine = client.start(HEAD_SWAP, headSwapBody("https://example.com/mine.jpg"));
        client.start(HEAD_SWAP, headSwapBody("https://example.com/someone-else.jpg"));

        Map<String, TaskRecord> found = resolver.resolve(HEAD_SWAP, List.of(
                new InDoubt("m", "m [a2e 1]", headSwapBody("https://example.com/mine.jpg"), before),
                new InDoubt("n", "n [a2e 1]", headSwapBody("https://example.com/never-sent.jpg"), before)),
                id -> false, NO_OWN_STARTS).found();

        assertThat(found).containsOnlyKeys("m");
        assertThat(found.get("m").id()).isEqualTo(mine.id());
    }
}

package io.a2ebatch.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.a2ebatch.simulator.testing.ApiClient;
import io.a2ebatch.simulator.testing.SampleBodies;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.TaskFamily;
import org.junit.jupiter.api.Test;

class ExchangeListenerTest {

    private static final String TOKEN = "sk_test_listener_00000a9";
    private static final TaskFamily I2V = FamilyCatalog.bundled().require("userImage2Video");

    @Test
    void seesEachRequestWithItsResponseBeforeTheClientDoes() {
        List<Exchange> seen = new CopyOnWriteArrayList<>();
        try (A2eSimulator sim = A2eSimulator.builder().tokens(TOKEN).listener(seen::add).start()) {
            ApiClient api = new ApiClient(sim.baseUrl(), TOKEN);
            String body = SampleBodies.validJson(I2V, "watched");
            ApiClient.Reply reply = api.start(I2V, body);
            api.list(I2V, "pageSize=3");

            assertThat(seen).hasSize(2);
            Exchange start = seen.get(0);
            assertThat(start.method()).isEqualTo("POST");
            assertThat(start.url()).isEqualTo("/api/v1/userImage2Video/start");
            assertThat(start.requestBodyAsString()).isEqualTo(body);
            assertThat(start.requestHeader("authorization")).contains("Bearer sk_test_…00a9");
            assertThat(start.status()).isEqualTo(200);
            assertThat(start.responseBody()).isEqualTo(reply.bytes());
            assertThat(start.responseHeader("Content-Type")).contains("application/json; charset=utf-8");
            assertThat(start.operation()).isEqualTo(SimulatorOperation.START);
            assertThat(start.family()).isEqualTo("userImage2Video");
            assertThat(start.fault()).isFalse();
            assertThat(seen.get(1).url()).isEqualTo("/api/v1/userImage2Video/allRecords?pageSize=3");
            assertThat(seen.get(1).operation()).isEqualTo(SimulatorOperation.LIST);
            assertThat(seen.toString()).doesNotContain(TOKEN);
        }
    }

    @Test
    void seesDroppedConnectionsAsStatusZero() {
        List<Exchange> seen = new CopyOnWriteArrayList<>();
        try (A2eSimulator sim = A2eSimulator.builder().tokens(TOKEN).faultRate(1.0).listener(seen::add).start()) {
            ApiClient api = new ApiClient(sim.baseUrl(), TOKEN);

            assertThatThrownBy(() -> api.sendOrThrow("POST", I2V.start().path(), SampleBodies.validJson(I2V, "lost")))
                    .isInstanceOf(IOException.class);

            assertThat(seen).singleElement().satisfies(e -> {
                assertThat(e.fault()).isTrue();
                assertThat(e.status()).isZero();
                assertThat(e.responseBody()).isEmpty();
            });
        }
    }

    @Test
    void recordsWhatAListenerThrowsWithoutFailingTheRequest() {
        ExchangeListener broken = e -> {
            throw new IllegalStateException("listener bug");
        };
        List<Exchange> seen = new CopyOnWriteArrayList<>();
        try (A2eSimulator sim = A2eSimulator.builder().tokens(TOKEN).listener(broken).listener(seen::add).start()) {
            ApiClient.Reply reply = new ApiClient(sim.baseUrl(), TOKEN).list(I2V, "");

            assertThat(reply.status()).isEqualTo(200);
            assertThat(seen).hasSize(1);
            assertThat(sim.stats().listenerErrors()).isEqualTo(1);
            assertThat(sim.listenerErrors()).singleElement().extracting(Throwable::getMessage).isEqualTo("listener bug");
        }
    }

    @Test
    void handlesADelayedAnswerOnceAndSendsWhatTheListenersSaw() {
        List<Exchange> seen = new CopyOnWriteArrayList<>();
        try (A2eSimulator sim = A2eSimulator.builder().tokens(TOKEN).listener(seen::add)
                .latency(SimulatorOperation.DETAIL, Duration.ofMillis(20), Duration.ofMillis(20)).start()) {
            ApiClient api = new ApiClient(sim.baseUrl(), TOKEN);
            String id = api.start(I2V, SampleBodies.validJson(I2V, "delayed")).data().get("_id").stringValue();

            ApiClient.Reply detail = api.detail(I2V, id);

            assertThat(detail.status()).isEqualTo(200);
            assertThat(detail.data().get("_id").stringValue()).isEqualTo(id);
            assertThat(seen).hasSize(2);
            assertThat(seen.get(1).operation()).isEqualTo(SimulatorOperation.DETAIL);
            assertThat(seen.get(1).responseBody()).isEqualTo(detail.bytes());
            assertThat(sim.stats().requestsTotal()).isEqualTo(2);
            assertThat(sim.requestLog()).hasSize(2);
        }
    }

    @Test
    void addsPerOperationLatencyToResponses() {
        try (A2eSimulator sim = A2eSimulator.builder().tokens(TOKEN)
                .latency(SimulatorOperation.LIST, Duration.ofMillis(300), Duration.ofMillis(300)).start()) {
            ApiClient api = new ApiClient(sim.baseUrl(), TOKEN);
            api.list(I2V, "");

            long started = System.nanoTime();
            api.list(I2V, "");
            long slowMillis = (System.nanoTime() - started) / 1_000_000;

            assertThat(slowMillis).isGreaterThanOrEqualTo(300);
            assertThat(sim.config().chaos().latencyFor(SimulatorOperation.DETAIL).isZero()).isTrue();
        }
    }
}

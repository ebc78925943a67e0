package io.a2ebatch.contract.requests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import io.a2ebatch.client.A2eClient;
import io.a2ebatch.client.ApiToken;
import io.a2ebatch.client.RequestCounter;
import io.a2ebatch.client.TaskRecord;
import io.a2ebatch.contract.capture.CapturedTraffic;
import io.a2ebatch.contract.capture.Interaction;
import io.a2ebatch.contract.capture.RecordingHttpClient;
import io.a2ebatch.contract.target.Samples;
import io.a2ebatch.manifest.ValidRow;
import io.a2ebatch.simulator.A2eSimulator;
import io.a2ebatch.spec.ApiSpec;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.TaskFamily;
import io.a2ebatch.submit.CallbackUrls;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the runner's client sends to kie.ai's Runway Aleph conforms to the vendored Aleph document
 * ({@code kie/aleph.openapi.json}): the start request built from {@code datasets/samples/aleph.csv}
 * with the signed {@code callBackUrl} a run with callbacks adds, and the record-info read with the
 * task id in the query. Checked by swagger-request-validator against the in-process simulator.
 */
class AlephRequestConformanceTest {

    private static final String TOKEN = "sk_test_aleph_requests_01";
    private static final TaskFamily ALEPH = FamilyCatalog.everyProvider().require("kie.aleph");
    private static final OpenApiInteractionValidator VALIDATOR = OpenApiInteractionValidator
            .createForInlineApiSpecification(ApiSpec.bundled(ALEPH.provider().specResource()).text()).build();

    @Test
    void theClientsGenerateAndRecordInfoRequestsConformToTheVendoredDocument() {
        CapturedTraffic traffic = CapturedTraffic.forScenario();
        try (A2eSimulator sim = A2eSimulator.builder().tokens(TOKEN).taskDuration(Duration.ofMillis(100)).start()) {
            A2eClient client = new A2eClient(sim.baseUrl(), ApiToken.of(TOKEN),
                    new RecordingHttpClient(A2eClient.defaultHttpClient(Duration.ofSeconds(5)), traffic),
                    Duration.ofSeconds(10), new RequestCounter());
            ValidRow row = Samples.row(ALEPH);
            ObjectNode body = row.body().deepCopy();
            CallbackUrls urls = new CallbackUrls(URI.create("https://hooks.example/a2e"), "c0ffee00",
                    CallbackUrls.newSecret());
            body.put(ALEPH.provider().callbacks().orElseThrow().requestField(), urls.forRow(row.key()));

            TaskRecord started = client.start(ALEPH, body);
            client.detail(ALEPH, started.id());

            List<Interaction> exchanges = traffic.fromClient();
            assertThat(exchanges).extracting(Interaction::method, Interaction::path).containsExactly(
                    tuple("POST", "/api/v1/aleph/generate"), tuple("GET", "/api/v1/aleph/record-info"));
            assertThat(exchanges.get(1).queryParameters()).isEqualTo(Map.of("taskId", List.of(started.id())));
            assertThat(exchanges.get(0).requestJson()).contains(body);
            List<String> problems = new ArrayList<>();
            for (Interaction exchange : exchanges) {
                problems.addAll(violations(exchange));
            }
            assertThat(problems).isEmpty();
        }
    }

    private static List<String> violations(Interaction exchange) {
        SimpleRequest.Builder request = new SimpleRequest.Builder(exchange.method(), exchange.path());
        exchange.requestHeaders().forEach((name, values) -> values.forEach(v -> request.withHeader(name, v)));
        exchange.queryParameters().forEach((name, values) -> values.forEach(v -> request.withQueryParam(name, v)));
        if (exchange.requestBody().length > 0) {
            request.withBody(new String(exchange.requestBody(), StandardCharsets.UTF_8));
        }
        SimpleResponse.Builder response = SimpleResponse.Builder.status(exchange.status())
                .withBody(new String(exchange.responseBody(), StandardCharsets.UTF_8));
        exchange.responseHeaders().forEach((name, values) -> values.forEach(v -> response.withHeader(name, v)));
        ValidationReport report = VALIDATOR.validate(request.build(), response.build());
        return report.getMessages().stream().filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .map(m -> exchange.method() + " " + exchange.path() + ": " + m.getKey() + " " + m.getMessage())
                .toList();
    }
}

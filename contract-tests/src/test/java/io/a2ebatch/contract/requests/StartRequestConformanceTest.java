package io.a2ebatch.contract.requests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.net.URI;
import java.util.List;
import java.util.stream.Stream;

import io.a2ebatch.client.A2eClient;
import io.a2ebatch.client.TaskRecord;
import io.a2ebatch.contract.capture.Interaction;
import io.a2ebatch.contract.target.ContractExtension;
import io.a2ebatch.contract.target.Samples;
import io.a2ebatch.contract.target.Scenario;
import io.a2ebatch.contract.validation.ContractValidator;
import io.a2ebatch.contract.validation.ContractViolation;
import io.a2ebatch.manifest.ValidRow;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.TaskFamily;
import io.a2ebatch.submit.TaskNaming;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

/**
 * For every task family with a start endpoint, the start request the runner builds from the
 * family's {@code datasets/samples} row (manifest reader, {@code RowConverter}, the run's task name)
 * and sends with {@link A2eClient} is valid against the spec, and so is the answer, and the detail
 * read that follows. Runs against the in-process simulator or, with {@code -Da2e.contract.base-url},
 * any A2E-compatible server (there it starts one real task per family).
 */
@ExtendWith(ContractExtension.class)
class StartRequestConformanceTest {

    static Stream<TaskFamily> families() {
        return FamilyCatalog.bundled().families().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    void theClientsStartRequestBuiltFromTheSampleRowConformsToTheSpec(TaskFamily family, Scenario scenario) {
        ValidRow row = Samples.row(family);
        ObjectNode body = row.body().deepCopy();
        if (family.acceptsName()) {
            body.put("name", new TaskNaming("c0ffee00").nameFor(row.key(), body.path("name").asString(""), 1));
        }
        URI baseUrl = scenario.baseUrl();
        A2eClient client = scenario.client(baseUrl);

        TaskRecord started = client.start(family, body);
        TaskRecord read = client.detail(family, started.id());

        List<Interaction> exchanges = scenario.traffic().fromClient();
        assertThat(exchanges).extracting(Interaction::method, Interaction::path).containsExactly(
                tuple(family.start().method(), family.start().path()),
                tuple(family.detail().method(), family.detail().path(started.id())));
        Interaction start = exchanges.get(0);
        assertThat(start.requestJson()).as("the start request carries the row's fields as JSON").contains(body);
        assertThat(start.requestHeader("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        List<ContractViolation> violations = ContractValidator.bundled().checkAll(exchanges, scenario.token());
        assertThat(violations).as("violations of %s", family.start().label()).filteredOn(v -> !v.warning()).isEmpty();
        assertThat(read.id()).isEqualTo(started.id());
    }
}

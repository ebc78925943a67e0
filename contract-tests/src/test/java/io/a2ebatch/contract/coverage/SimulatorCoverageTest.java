package io.a2ebatch.contract.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.a2ebatch.contract.capture.Interaction;
import io.a2ebatch.contract.target.ContractTarget;
import io.a2ebatch.contract.validation.ContractValidator;
import io.a2ebatch.contract.validation.OperationIndex;
import io.a2ebatch.spec.ApiSpec;
import io.a2ebatch.spec.SpecJson;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.TaskFamily;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What the coverage table says about the simulator is derived by asking it, and matches what it
 * is meant to model: start, detail, batchDetail, list and delete of every task family, and a 501
 * {@code NOT_SIMULATED} naming the operation for everything else in the spec.
 */
class SimulatorCoverageTest {

    private static final SimulatorProbe.Result PROBE = SimulatorProbe.bundled();

    @Test
    void theSimulatorImplementsExactlyTheTaskOperationsOfEveryFamily() {
        Set<String> familyOperations = new HashSet<>();
        for (TaskFamily f : FamilyCatalog.bundled().families()) {
            familyOperations.add(f.start().label());
            familyOperations.add(f.detail().label());
            f.batchDetail().ifPresent(e -> familyOperations.add(e.label()));
            f.list().ifPresent(e -> familyOperations.add(e.label()));
            f.delete().ifPresent(e -> familyOperations.add(e.label()));
        }

        assertThat(PROBE.findings()).filteredOn(SimulatorProbe.Finding::implemented)
                .extracting(f -> f.operation().label()).containsExactlyInAnyOrderElementsOf(familyOperations);
        assertThat(PROBE.findings()).filteredOn(f -> !f.implemented()).allSatisfy(f ->
                assertThat(f.notSimulated()).as(f.operation().label() + ": " + f.describe()).isTrue());
    }

    @Test
    void everyOperationTheSimulatorDoesNotModelIsRefusedWithA501NamingIt() {
        List<Interaction> refused = PROBE.traffic().stream().filter(i -> i.status() == 501).toList();

        assertThat(refused).hasSize((int) PROBE.findings().stream().filter(SimulatorProbe.Finding::notSimulated).count());
        for (Interaction i : refused) {
            OperationIndex.SpecOperation op = ContractValidator.bundled().operations().resolve(i.method(), i.path())
                    .orElseThrow();
            assertThat(i.responseJson().orElseThrow().path("error").asString()).contains(op.label());
        }
        ContractValidator.bundled().assertConform(PROBE.traffic(), ContractTarget.SIMULATOR_TOKEN);
    }

    @Test
    void theTableHasALineForEachOfTheRepairedSpecsOperations() {
        CoverageReport report = CoverageReport.build(ContractValidator.bundled().operations(), PROBE, List.of(),
                ContractTarget.current());
        int operations = ApiSpec.bundled().operations().size();

        assertThat(report.rows()).hasSize(operations);
        assertThat(report.markdown()).contains("| " + operations + " | `");
        JsonNode json = SpecJson.MAPPER.readTree(report.json());
        assertThat(json.path("summary").path("operations").asInt()).isEqualTo(operations);
        assertThat(json.path("summary").path("paths").asInt()).isEqualTo(ApiSpec.bundled().root().path("paths").size());
        assertThat(json.path("summary").path("simulator_implemented").asLong()).isEqualTo(report.implemented());
        assertThat(json.path("operations")).hasSize(operations);
        assertThat(report.exercised()).as("no traffic given").isZero();
    }
}

package io.a2ebatch.contract.coverage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

import io.a2ebatch.contract.capture.CapturedTraffic;
import io.a2ebatch.contract.capture.Interaction;
import io.a2ebatch.contract.target.ContractTarget;
import io.a2ebatch.contract.validation.ContractValidator;
import io.a2ebatch.contract.validation.ContractViolation;
import io.a2ebatch.contract.validation.OperationIndex;
import io.a2ebatch.spec.ApiSpec;
import io.a2ebatch.spec.SpecJson;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The coverage table: for each operation of the spec, whether the simulator implements it (from
 * {@link SimulatorProbe}) and whether the client exercised it during the suite (from the captured
 * traffic), written as {@code contract-coverage.md} and {@code contract-coverage.json}.
 */
public final class CoverageReport {

    /** System property naming the directory the report goes to ({@code target/} under Maven). */
    public static final String REPORT_DIR_PROPERTY = "a2e.contract.report-dir";

    private static final Map<String, Set<String>> WARNINGS = new ConcurrentHashMap<>();

    /**
     * One operation's line.
     *
     * @param operation      the spec operation
     * @param simulator      what the probe found
     * @param clientRequests requests the client sent to it during the suite
     * @param clientStatuses those requests by answer status (0: no answer)
     * @param warnings       warnings the contract raised about the client's requests to it
     */
    public record Row(OperationIndex.SpecOperation operation, SimulatorProbe.Finding simulator, long clientRequests,
                      Map<Integer, Long> clientStatuses, Set<String> warnings) {

        public boolean exercised() {
            return clientRequests > 0;
        }
    }

    private final List<Row> rows;
    private final long paths;
    private final String target;

    private CoverageReport(List<Row> rows, long paths, String target) {
        this.rows = List.copyOf(rows);
        this.paths = paths;
        this.target = target;
    }

    /** Remembers warnings (rules that report without failing) for the operations they concern. */
    public static void recordWarnings(Collection<ContractViolation> warnings) {
        for (ContractViolation w : warnings) {
            WARNINGS.computeIfAbsent(w.operation(), k -> new ConcurrentSkipListSet<>())
                    .add(w.rule() + (w.field().isEmpty() ? "" : " (" + w.field() + ")"));
        }
    }

    /** The table for {@code traffic} and a probe of the simulator. */
    public static CoverageReport build(OperationIndex index, SimulatorProbe.Result probe, Collection<Interaction> traffic,
                                       ContractTarget target) {
        Map<String, Map<Integer, Long>> statuses = new LinkedHashMap<>();
        for (Interaction i : traffic) {
            if (i.sentByClient()) {
                index.resolve(i.method(), i.path()).ifPresent(op -> statuses.computeIfAbsent(op.label(),
                        k -> new TreeMap<>()).merge(i.status(), 1L, Long::sum));
            }
        }
        List<Row> rows = new ArrayList<>();
        for (SimulatorProbe.Finding finding : probe.findings()) {
            String label = finding.operation().label();
            Map<Integer, Long> byStatus = statuses.getOrDefault(label, Map.of());
            rows.add(new Row(finding.operation(), finding, byStatus.values().stream().mapToLong(Long::longValue).sum(),
                    byStatus, new TreeSet<>(WARNINGS.getOrDefault(label, Set.of()))));
        }
        long paths = rows.stream().map(r -> r.operation().pathTemplate()).distinct().count();
        return new CoverageReport(rows, paths, target.toString());
    }

    public List<Row> rows() {
        return rows;
    }

    public long implemented() {
        return rows.stream().filter(r -> r.simulator().implemented()).count();
    }

    public long exercised() {
        return rows.stream().filter(Row::exercised).count();
    }

    public long implementedAndExercised() {
        return rows.stream().filter(r -> r.simulator().implemented() && r.exercised()).count();
    }

    /** One paragraph for the README. */
    public String summary() {
        String info = ApiSpec.bundled().root().path("info").path("version").asString("?");
        long notSimulated = rows.stream().filter(r -> r.simulator().notSimulated()).count();
        StringBuilder byRole = new StringBuilder();
        for (OperationIndex.Role role : OperationIndex.Role.values()) {
            List<Row> ofRole = rows.stream().filter(r -> r.operation().role() == role).toList();
            byRole.append(byRole.length() == 0 ? "" : ", ").append(role.name().toLowerCase().replace('_', ' '))
                    .append(' ').append(ofRole.stream().filter(Row::exercised).count()).append('/').append(ofRole.size());
        }
        long otherExercised = rows.stream().filter(r -> r.operation().role() == null && r.exercised()).count();
        return "The vendored openapi.json (info.version " + info + ") has " + paths + " paths and " + rows.size()
                + " operations (method + path). The simulator implements " + implemented() + " of them: start, detail,"
                + " batchDetail, list and delete of the " + rows.stream().filter(r -> r.operation().role()
                == OperationIndex.Role.START).count() + " task families; it answers the other " + notSimulated
                + " with 501 NOT_SIMULATED" + unexpected() + ". During the contract suite the client exercised "
                + exercised() + " operations with " + rows.stream().mapToLong(Row::clientRequests).sum()
                + " requests (" + byRole + " of the family operations; " + otherExercised + " other operations), "
                + implementedAndExercised() + " of them implemented by the simulator.";
    }

    private String unexpected() {
        long n = rows.stream().filter(r -> !r.simulator().implemented() && !r.simulator().notSimulated()).count();
        return n == 0 ? "" : " (" + n + " answered unexpectedly, see the table)";
    }

    public String markdown() {
        StringBuilder md = new StringBuilder("# A2E contract coverage\n\n")
                .append("Generated by `mvn -pl contract-tests verify` against ").append(target)
                .append(". \"Simulator\" is what the bundled simulator did with one probe request to the operation;")
                .append(" \"client\" counts the requests the runner's client sent to it during the suite, by answer")
                .append(" status (0: no answer).\n\n").append(summary()).append("\n\n")
                .append("| # | operation | operationId | family / role | simulator | client requests | warnings |\n")
                .append("| --- | --- | --- | --- | --- | --- | --- |\n");
        int n = 0;
        for (Row row : rows) {
            OperationIndex.SpecOperation op = row.operation();
            md.append("| ").append(++n).append(" | `").append(op.label()).append("` | ").append(op.operationId())
                    .append(" | ").append(op.family() == null ? "" : op.family().name() + " / "
                            + op.role().name().toLowerCase().replace('_', ' '))
                    .append(" | ").append(row.simulator().describe())
                    .append(" | ").append(row.exercised() ? row.clientRequests() + " " + row.clientStatuses() : "—")
                    .append(" | ").append(String.join("; ", row.warnings())).append(" |\n");
        }
        return md.toString();
    }

    public String json() {
        ObjectNode root = SpecJson.MAPPER.createObjectNode();
        root.put("target", target);
        ObjectNode counts = root.putObject("summary");
        counts.put("paths", paths);
        counts.put("operations", rows.size());
        counts.put("simulator_implemented", implemented());
        counts.put("simulator_not_simulated", rows.stream().filter(r -> r.simulator().notSimulated()).count());
        counts.put("client_exercised", exercised());
        counts.put("implemented_and_exercised", implementedAndExercised());
        root.put("text", summary());
        ArrayNode list = root.putArray("operations");
        for (Row row : rows) {
            ObjectNode item = list.addObject();
            item.put("operation", row.operation().label());
            item.put("operationId", row.operation().operationId());
            item.put("family", row.operation().family() == null ? null : row.operation().family().name());
            item.put("role", row.operation().role() == null ? null : row.operation().role().name().toLowerCase());
            item.put("simulator_implemented", row.simulator().implemented());
            item.put("simulator_answer", row.simulator().describe());
            item.put("client_requests", row.clientRequests());
            ObjectNode byStatus = item.putObject("client_statuses");
            row.clientStatuses().forEach((status, count) -> byStatus.put(String.valueOf(status), count));
            ArrayNode warnings = item.putArray("warnings");
            row.warnings().forEach(warnings::add);
        }
        return SpecJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }

    /** Writes {@code contract-coverage.md} and {@code .json} into {@code dir}. */
    public void write(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("contract-coverage.md"), markdown(), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("contract-coverage.json"), json() + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the coverage report to " + dir, e);
        }
    }

    /** The report directory: {@value #REPORT_DIR_PROPERTY}, else {@code target}. */
    public static Path reportDir() {
        String dir = System.getProperty(REPORT_DIR_PROPERTY, "").trim();
        return Path.of(dir.isEmpty() ? "target" : dir);
    }

    /**
     * Writes the report when the test run ends (JUnit closes it with the root context), so it
     * reflects every test that ran.
     */
    public static final class Writer implements AutoCloseable {

        @Override
        public void close() {
            build(ContractValidator.bundled().operations(), SimulatorProbe.bundled(), CapturedTraffic.suite().all(),
                    ContractTarget.current()).write(reportDir());
        }
    }
}

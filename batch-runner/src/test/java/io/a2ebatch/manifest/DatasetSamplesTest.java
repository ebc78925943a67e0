package io.a2ebatch.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.TaskFamily;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DatasetSamplesTest {

    private static final FamilyCatalog CATALOG = FamilyCatalog.everyProvider();

    static Stream<TaskFamily> families() {
        return CATALOG.families().stream();
    }

    private static List<ValidRow> validRows(Path file) throws ManifestException {
        List<ValidRow> rows = new ArrayList<>();
        try (ManifestReader reader = ManifestReader.open(file)) {
            RowConverter converter = new RowConverter(file, reader.header(), CATALOG);
            for (ManifestRecord record = reader.next(); record != null; record = reader.next()) {
                RowOutcome outcome = converter.convert(record);
                assertThat(outcome).as(() -> file.getFileName() + ": " + outcome).isInstanceOf(ValidRow.class);
                ValidRow row = (ValidRow) outcome;
                assertThat(row.family().requestSchema().validate(row.body())).as(row.body().toString()).isEmpty();
                rows.add(row);
            }
        }
        return rows;
    }

    @ParameterizedTest
    @MethodSource("families")
    void everyFamilyHasASampleRowWhoseRequestPassesItsSchema(TaskFamily family) throws Exception {
        Path sample = Datasets.root().resolve("samples").resolve(family.name() + ".csv");
        assertThat(sample).isRegularFile();
        List<ValidRow> rows = validRows(sample);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).family()).isEqualTo(family);
        for (String required : family.requestSchema().required()) {
            assertThat(rows.get(0).body().has(required)).as(required).isTrue();
        }
    }

    @Test
    void holdsNoSampleForAFamilyTheSpecDoesNotHave() throws Exception {
        Set<String> names = new HashSet<>();
        families().forEach(f -> names.add(f.name() + ".csv"));
        try (Stream<Path> files = Files.list(Datasets.root().resolve("samples"))) {
            assertThat(files.map(p -> p.getFileName().toString())).allMatch(names::contains);
        }
    }

    @Test
    void theDemoManifestIsValidMixesFamiliesAndUsesExampleUrls() throws Exception {
        Path demo = Datasets.root().resolve("demo.csv");
        List<ValidRow> rows = validRows(demo);
        assertThat(rows).hasSizeBetween(12, 20);
        assertThat(rows.stream().map(r -> r.family().name()).distinct().count()).isGreaterThanOrEqualTo(5);
        assertThat(rows).extracting(ValidRow::key).doesNotHaveDuplicates().allMatch(k -> k.matches("demo-\\d{3}"));
        assertThat(Files.readString(demo)).doesNotContain("http://").contains("https://example.com/");
        for (String url : Files.readString(demo).split("[,\"\\n]")) {
            if (url.startsWith("https://")) {
                assertThat(url).startsWith("https://example.com/");
            }
        }
    }
}

package io.a2ebatch.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.TaskFamily;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestGeneratorTest {

    private static final FamilyCatalog CATALOG = FamilyCatalog.bundled();
    private static final List<TaskFamily> ALL = List.copyOf(CATALOG.families());

    @TempDir
    Path dir;

    private static String generate(List<TaskFamily> families, long seed, long rows) throws Exception {
        StringBuilder out = new StringBuilder();
        new ManifestGenerator(families, seed).write(rows, out);
        return out.toString();
    }

    @Test
    void writesTheSameBytesForTheSameSeedAndOthersForAnotherSeed() throws Exception {
        String first = generate(ALL, 7, 500);
        assertThat(generate(ALL, 7, 500)).isEqualTo(first);
        assertThat(generate(ALL, 8, 500)).isNotEqualTo(first);
        assertThat(generate(ALL, 7, 800)).startsWith(first);
    }

    @Test
    void writesOnlyValidRowsOfEveryFamilyWithEveryRequestPassingItsSchema() throws Exception {
        Path file = dir.resolve("generated.csv");
        Files.writeString(file, generate(ALL, 3, 3000), StandardCharsets.UTF_8);
        Set<String> families = new HashSet<>();
        Set<String> keys = new HashSet<>();
        boolean sawMultilineCell = false;
        try (ManifestReader reader = ManifestReader.open(file)) {
            RowConverter converter = new RowConverter(file, reader.header(), CATALOG);
            long expectedLine = 2;
            for (ManifestRecord record = reader.next(); record != null; record = reader.next()) {
                assertThat(record.line()).isEqualTo(expectedLine);
                RowOutcome outcome = converter.convert(record);
                assertThat(outcome).as(() -> outcome.toString()).isInstanceOf(ValidRow.class);
                ValidRow row = (ValidRow) outcome;
                assertThat(row.family().requestSchema().validate(row.body())).isEmpty();
                families.add(row.family().name());
                assertThat(keys.add(row.key())).isTrue();
                long lineBreaks = record.values().stream().mapToLong(v -> v.chars().filter(c -> c == '\n').count()).sum();
                sawMultilineCell |= lineBreaks > 0;
                expectedLine = record.line() + 1 + lineBreaks;
            }
            assertThat(reader.recordsRead()).isEqualTo(3000);
        }
        assertThat(families).hasSize(ALL.size());
        assertThat(sawMultilineCell).isTrue();
    }

    @Test
    void mixesOnlyTheFamiliesAskedFor() throws Exception {
        List<TaskFamily> two = List.of(CATALOG.require("headSwap"), CATALOG.require("userText2Image"));
        ManifestGenerator generator = new ManifestGenerator(two, 1);
        assertThat(generator.header()).startsWith("key", "type").contains("image_url", "target_image_url", "prompt")
                .doesNotContain("video_url", "name");
        String csv = generate(two, 1, 200);
        List<String> types = new ArrayList<>();
        for (String line : csv.split("\n")) {
            if (line.startsWith("row-")) {
                types.add(line.split(",")[1]);
            }
        }
        assertThat(types).hasSize(200).containsOnly("headSwap", "userText2Image");
    }

    @Test
    void numbersKeysSoTheySortInRowOrder() throws Exception {
        String csv = generate(List.of(CATALOG.require("headSwap")), 1, 3);
        assertThat(csv.lines().skip(1).map(l -> l.substring(0, l.indexOf(','))))
                .containsExactly("row-000001", "row-000002", "row-000003");
    }

    @Test
    void needsAtLeastOneFamily() {
        assertThatThrownBy(() -> new ManifestGenerator(List.of(), 1)).isInstanceOf(IllegalArgumentException.class);
    }
}

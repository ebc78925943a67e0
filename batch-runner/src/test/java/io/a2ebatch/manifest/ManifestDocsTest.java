package io.a2ebatch.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.TaskFamily;
import io.a2ebatch.spec.schema.ObjectSchema;
import org.junit.jupiter.api.Test;

/** docs/manifest.md lists the task families; this keeps the list in step with the spec. */
class ManifestDocsTest {

    @Test
    void listsEveryTaskFamilyWithItsAliasesAndFieldsAsTheSpecHasThem() throws Exception {
        String doc = Files.readString(Datasets.root().resolveSibling("docs").resolve("manifest.md"), StandardCharsets.UTF_8);
        List<String> expected = new ArrayList<>();
        for (TaskFamily family : FamilyCatalog.bundled().families()) {
            ObjectSchema request = family.requestSchema();
            List<String> required = new ArrayList<>();
            List<String> other = new ArrayList<>();
            for (String field : request.properties().keySet()) {
                (request.required().contains(field) ? required : other).add("`" + field + "`");
            }
            String aliases = family.aliases().isEmpty() ? "" : "`" + String.join("`, `", family.aliases()) + "`";
            expected.add("| `" + family.name() + "` | " + aliases + " | " + String.join(", ", required) + " | "
                    + (request.properties().isEmpty() ? "not described by the spec: any column, sent as text"
                    : String.join(", ", other)) + " |");
        }
        String section = doc.substring(doc.indexOf("## Task families"));
        List<String> documented = section.lines().filter(line -> line.startsWith("| `")).toList();
        assertThat(documented).containsExactlyElementsOf(expected);
    }
}

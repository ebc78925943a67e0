package io.a2ebatch.spec.repair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.a2ebatch.spec.ApiSpec;
import io.a2ebatch.spec.SpecJson;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SpecRepairTest {

    private static final String ORIGINAL = ApiSpec.readResource(ApiSpec.ORIGINAL_RESOURCE);
    private static final String REPAIRED = ApiSpec.readResource(ApiSpec.REPAIRED_RESOURCE);

    @Test
    void strictParserFinds68ProblemsInThePublishedSpec() {
        assertThat(strictParserMessages(ORIGINAL)).hasSize(68);
    }

    @Test
    void strictParserFindsNoProblemInTheRepairedSpec() {
        assertThat(strictParserMessages(REPAIRED)).isEmpty();
    }

    @Test
    void mendsExactlyTheFourKnownKindsOfDefect() {
        SpecRepair.Result result = SpecRepair.repair(SpecJson.MAPPER.readTree(ORIGINAL));

        Map<SpecRepair.Kind, Long> byKind = result.repairs().stream()
                .collect(Collectors.groupingBy(SpecRepair.Repair::kind, Collectors.counting()));
        assertThat(byKind).containsExactlyInAnyOrderEntriesOf(Map.of(
                SpecRepair.Kind.UNDECLARED_PATH_PARAMETER, 65L,
                SpecRepair.Kind.STRAY_TOP_LEVEL_MEMBER, 1L,
                SpecRepair.Kind.ARRAY_WITHOUT_ITEMS, 1L,
                SpecRepair.Kind.BOOLEAN_REQUIRED_IN_PROPERTY, 2L));
        assertThat(result.repairs()).filteredOn(r -> r.kind() == SpecRepair.Kind.ARRAY_WITHOUT_ITEMS)
                .singleElement().extracting(SpecRepair.Repair::pointer).asString()
                .contains("userWan27Image~1start").endsWith("/bbox_list");
        assertThat(result.repairs()).filteredOn(r -> r.kind() == SpecRepair.Kind.BOOLEAN_REQUIRED_IN_PROPERTY)
                .allSatisfy(r -> assertThat(r.pointer()).contains("userFaceSwapTask~1add"));
    }

    @Test
    void changesNothingOutsideTheRepairedNodes() {
        JsonNode original = SpecJson.MAPPER.readTree(ORIGINAL);
        SpecRepair.Result result = SpecRepair.repair(original);

        List<String> differences = new ArrayList<>();
        diff(original, result.document(), "", differences);

        List<String> allowed = result.repairs().stream().map(r -> switch (r.kind()) {
            case UNDECLARED_PATH_PARAMETER -> r.pointer() + "/parameters";
            case STRAY_TOP_LEVEL_MEMBER -> r.pointer();
            case ARRAY_WITHOUT_ITEMS -> r.pointer() + "/items";
            case BOOLEAN_REQUIRED_IN_PROPERTY -> r.pointer() + "/required";
        }).toList();
        assertThat(differences).isNotEmpty().allSatisfy(d -> assertThat(allowed).contains(d));
    }

    @Test
    void committedRepairedCopyIsWhatTheRepairStepProduces() {
        assertThat(REPAIRED)
                .as("a2e/openapi.json is stale: run mvn -pl a2e-spec compile exec:java@repair-spec")
                .isEqualTo(SpecRepair.repairText(ORIGINAL));
    }

    @Test
    void printsInThePublishedLayoutSoTheDiffShowsOnlyRepairs() {
        assertThat(SpecJson.printInSpecLayout(SpecJson.MAPPER.readTree(ORIGINAL))).isEqualTo(ORIGINAL);
    }

    @Test
    void vendoredOriginalIsByteForByteTheSharedSpec() throws IOException {
        Path shared = locateShared();
        assumeTrue(shared != null, "../shared/a2e/openapi.json is not beside this checkout; nothing to compare");
        assertThat(ORIGINAL).isEqualTo(Files.readString(shared));
    }

    private static Path locateShared() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/a2e/openapi.json");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static List<String> strictParserMessages(String json) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        return new OpenAPIV3Parser().readContents(json, null, options).getMessages();
    }

    private static void diff(JsonNode a, JsonNode b, String pointer, List<String> out) {
        if (a.isObject() && b.isObject()) {
            for (var e : a.properties()) {
                String p = pointer + "/" + e.getKey().replace("~", "~0").replace("/", "~1");
                if (!b.has(e.getKey())) {
                    out.add(p);
                } else {
                    diff(e.getValue(), b.get(e.getKey()), p, out);
                }
            }
            for (var e : b.properties()) {
                if (!a.has(e.getKey())) {
                    out.add(pointer + "/" + e.getKey().replace("~", "~0").replace("/", "~1"));
                }
            }
        } else if (a.isArray() && b.isArray() && a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) {
                diff(a.get(i), b.get(i), pointer + "/" + i, out);
            }
        } else if (!a.equals(b)) {
            out.add(pointer);
        }
    }
}

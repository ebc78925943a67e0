package io.a2ebatch.spec;

import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON mapper shared by the spec tooling, and the printer that writes JSON exactly as the
 * published {@code openapi.json} is laid out (two-space indent, {@code "name": value}), so that a
 * diff between the original and the repaired copy shows the repairs and nothing else.
 */
public final class SpecJson {

    /** Thread-safe and immutable: share it. */
    public static final JsonMapper MAPPER = JsonMapper.builder().build();

    private static final DefaultPrettyPrinter SPEC_LAYOUT = new DefaultPrettyPrinter(
            Separators.createDefaultInstance()
                    .withObjectNameValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));

    private SpecJson() {
    }

    /** Writes {@code node} in the layout of the published spec, without a trailing newline. */
    public static String printInSpecLayout(JsonNode node) {
        return MAPPER.writer().with(SPEC_LAYOUT).writeValueAsString(node);
    }
}

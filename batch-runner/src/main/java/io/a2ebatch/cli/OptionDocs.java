package io.a2ebatch.cli;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Collectors;

/**
 * The README's option and exit-code tables, in Markdown, from {@link Options} and {@link ExitCode}.
 * {@code OptionDocsTest} fails when the README's copy differs and prints the table to paste.
 */
public final class OptionDocs {

    private OptionDocs() {
    }

    /** One row per option: option, commands, property, value, default, description. */
    public static String optionTable() {
        StringBuilder sb = new StringBuilder();
        sb.append("| option | commands | property | value | default | what it does |\n");
        sb.append("| --- | --- | --- | --- | --- | --- |\n");
        for (CliOption option : Options.ALL) {
            String commands = option.commands().stream().sorted(Comparator.naturalOrder()).map(CliOption.Command::word)
                    .collect(Collectors.joining(", "));
            String value = option.type().isFlag() ? "switch" : "`" + option.label() + "`: " + option.type().label();
            sb.append("| `").append(option.name()).append("` | ").append(commands).append(" | ")
                    .append(option.property().map(p -> "`" + p + "`").orElse("—")).append(" | ")
                    .append(value).append(" | ")
                    .append(option.shownDefault().isEmpty() ? "—" : option.defaultValue().isPresent()
                            ? "`" + option.shownDefault() + "`" : option.shownDefault()).append(" | ")
                    .append(option.description().replace("|", "\\|")).append(" |\n");
        }
        return sb.toString();
    }

    /** One row per exit code. */
    public static String exitCodeTable() {
        return "| code | meaning |\n| --- | --- |\n" + Arrays.stream(ExitCode.values())
                .map(c -> "| " + c.code() + " | " + c.meaning() + " |\n").collect(Collectors.joining());
    }
}

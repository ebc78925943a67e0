package io.a2ebatch.cli;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * One command-line option, declared once: parsing, {@code --help}, the README's option table and the
 * check of {@code application.yaml} all read this.
 *
 * @param name         the option ({@code --rate-limit})
 * @param label        its value's placeholder in help ({@code N}); empty for a switch
 * @param property     the Spring property it sets, if it sets one
 * @param type         what the value is, with unit and range
 * @param defaultValue the default as {@code application.yaml} holds it, if the option has a plain default
 * @param defaultText  the default as shown in help when it is not a plain value, else empty
 * @param description  what the option does, one sentence
 * @param commands     the commands that take it
 */
public record CliOption(String name, String label, Optional<String> property, ValueType type,
                        Optional<String> defaultValue, String defaultText, String description,
                        Set<Command> commands) {

    /** The commands of {@code a2e-batch} that take options. */
    public enum Command {
        RUN, PLAN, DOWNLOAD, VALIDATE, GENERATE, WORKER;

        /** As typed on the command line. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Starts a declaration of {@code name}, taken by {@code commands}. */
    static Builder option(String name, Command first, Command... more) {
        return new Builder(name, EnumSet.of(first, more));
    }

    /** The default as help and the README show it, or empty for none. */
    public String shownDefault() {
        return defaultValue.orElse(defaultText);
    }

    /** Fluent declaration of one option; {@link #describe(String)} ends it. */
    static final class Builder {
        private final String name;
        private final Set<Command> commands;
        private String label = "";
        private String property;
        private ValueType type;
        private String defaultValue;
        private String defaultText = "";

        private Builder(String name, Set<Command> commands) {
            this.name = name;
            this.commands = commands;
        }

        Builder value(String label, ValueType type) {
            this.label = label;
            this.type = type;
            return this;
        }

        Builder flag(boolean value) {
            this.type = ValueType.flag(value);
            return this;
        }

        Builder property(String property) {
            this.property = property;
            return this;
        }

        Builder defaults(String value) {
            this.defaultValue = value;
            return this;
        }

        Builder defaultText(String text) {
            this.defaultText = text;
            return this;
        }

        CliOption describe(String description) {
            return new CliOption(name, label, Optional.ofNullable(property), type, Optional.ofNullable(defaultValue),
                    defaultText, description, Set.copyOf(commands));
        }
    }
}

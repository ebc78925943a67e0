package io.a2ebatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;

/**
 * The README's option and exit-code tables and application.yaml's keys and defaults are checked
 * against the one declaration ({@link Options}, {@link ExitCode}, the {@code @ConfigurationProperties}
 * records).
 */
class OptionDocsTest {

    private static String readme() throws Exception {
        return Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    }

    private static Properties yaml() {
        YamlPropertiesFactoryBean factory = new YamlPropertiesFactoryBean();
        factory.setResources(new ClassPathResource("application.yaml"));
        return factory.getObject();
    }

    @Test
    void theReadmeOptionTableIsTheDeclaredOne() throws Exception {
        assertThat(readme()).as("README's option table; paste this between the option-table markers:%n%s",
                OptionDocs.optionTable()).contains("<!-- option-table:begin -->\n" + OptionDocs.optionTable()
                + "<!-- option-table:end -->");
    }

    @Test
    void theReadmeExitCodeTableIsTheDeclaredOne() throws Exception {
        assertThat(readme()).as("README's exit-code table; paste this between the exit-codes markers:%n%s",
                OptionDocs.exitCodeTable()).contains("<!-- exit-codes:begin -->\n" + OptionDocs.exitCodeTable()
                + "<!-- exit-codes:end -->");
    }

    @Test
    void applicationYamlHoldsEachOptionsDefaultAndOnlyKnownKeys() {
        Properties yaml = yaml();
        ConfigurationKeys keys = ConfigurationKeys.scan();
        for (CliOption option : Options.ALL) {
            if (option.property().isEmpty() || option.defaultValue().isEmpty()) {
                continue;
            }
            String property = option.property().get();
            boolean bound = keys.contains(property) && !keys.type(property).equals(String.class)
                    || property.startsWith("spring.");
            Object value = yaml.get(property);
            if (value != null || bound) {
                assertThat(String.valueOf(value)).as("application.yaml's %s, the default of %s", property, option.name())
                        .isEqualTo(option.defaultValue().get());
            }
        }
        for (String key : yaml.stringPropertyNames()) {
            if (key.startsWith("a2e.")) {
                assertThat(keys.contains(key)).as("application.yaml's %s is bound by a @ConfigurationProperties record",
                        key).isTrue();
            }
        }
    }

    @Test
    void everyBoundPropertyOfAnOptionExists() {
        ConfigurationKeys keys = ConfigurationKeys.scan();
        assertThat(keys.names()).contains("a2e.throttle.rate-limit", "a2e.throttle.retry.initial",
                "a2e.tracking.poll-interval", "a2e.output.quiet", "a2e.state.dir");
        assertThat(keys.type("a2e.tracking.max-wait")).isEqualTo(java.time.Duration.class);
    }
}

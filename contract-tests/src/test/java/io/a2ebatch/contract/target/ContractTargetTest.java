package io.a2ebatch.contract.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the suite is pointed at another A2E-compatible server, and how it refuses to take a token. */
class ContractTargetTest {

    @TempDir
    Path dir;

    @Test
    void withoutABaseUrlTheSuiteRunsAgainstItsOwnSimulatorWithATestToken() {
        ContractTarget target = ContractTarget.resolve(new Properties(), Map.of());

        assertThat(target.inProcess()).isTrue();
        assertThat(target.token()).startsWith("sk_test_");
    }

    @Test
    void aBaseUrlTakesItsTokenFromTheEnvironment() {
        ContractTarget target = ContractTarget.resolve(properties("a2e.contract.base-url", "http://127.0.0.1:8089/"),
                Map.of(ContractTarget.TOKEN_ENV, " sk_test_theirs_0123456789 \n"));

        assertThat(target.inProcess()).isFalse();
        assertThat(target.remoteBaseUrl()).contains(URI.create("http://127.0.0.1:8089"));
        assertThat(target.token()).isEqualTo("sk_test_theirs_0123456789");
    }

    @Test
    void aTokenFileWinsOverTheEnvironment() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "sk_test_from_file_0123456789\n");
        Properties properties = properties("a2e.contract.base-url", "http://127.0.0.1:8089");
        properties.setProperty(ContractTarget.TOKEN_FILE_PROPERTY, file.toString());

        ContractTarget target = ContractTarget.resolve(properties, Map.of(ContractTarget.TOKEN_ENV, "sk_test_env"));

        assertThat(target.token()).isEqualTo("sk_test_from_file_0123456789");
    }

    @Test
    void aBaseUrlWithoutATokenIsRefusedSayingWhereTheTokenGoes() {
        assertThatThrownBy(() -> ContractTarget.resolve(properties("a2e.contract.base-url", "http://127.0.0.1:8089"),
                Map.of())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(ContractTarget.TOKEN_ENV).hasMessageContaining(ContractTarget.TOKEN_FILE_PROPERTY);
    }

    @Test
    void aTokenGivenAsASystemPropertyIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> ContractTarget.resolve(properties("a2e.contract.token", "sk_live_do_not_show"),
                Map.of())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("never takes a token from a system property")
                .hasMessageNotContaining("sk_live_do_not_show");
    }

    @Test
    void aBaseUrlThatIsNotHttpIsRefused() {
        assertThatThrownBy(() -> ContractTarget.resolve(properties("a2e.contract.base-url", "127.0.0.1:8089"),
                Map.of(ContractTarget.TOKEN_ENV, "sk_test_x"))).hasMessageContaining("is not an http(s) URL");
    }

    private static Properties properties(String name, String value) {
        Properties properties = new Properties();
        properties.setProperty(name, value);
        return properties;
    }
}

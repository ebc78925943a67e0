package io.a2ebatch.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiTokenTest {

    private static final String TOKEN = "sk_test_0123456789abcdefWXYZ";

    @TempDir
    Path dir;

    @Test
    void neverShowsTheTokenWhenPrinted() {
        ApiToken token = ApiToken.of(TOKEN);
        assertThat(token.toString()).isEqualTo("sk_…WXYZ").doesNotContain("0123456789");
        assertThat(String.valueOf(token)).doesNotContain(TOKEN);
    }

    @Test
    void prefersATokenFileOverTheEnvironment() throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, TOKEN + "\n");
        ApiToken token = ApiToken.resolve(Optional.of(file), Map.of(ApiToken.ENV_TOKEN, "sk_test_other_token_value"));
        assertThat(token.appearsIn("Bearer " + TOKEN)).isTrue();
    }

    @Test
    void readsTheFileNamedByTheEnvironmentThenTheVariable() throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, TOKEN);
        assertThat(ApiToken.resolve(Optional.empty(), Map.of(ApiToken.ENV_TOKEN_FILE, file.toString()))
                .appearsIn(TOKEN)).isTrue();
        assertThat(ApiToken.resolve(Optional.empty(), Map.of(ApiToken.ENV_TOKEN, " " + TOKEN + " "))
                .appearsIn(TOKEN)).isTrue();
    }

    @Test
    void saysWhereToPutTheTokenWhenThereIsNone() {
        assertThatThrownBy(() -> ApiToken.resolve(Optional.empty(), Map.of()))
                .hasMessageContaining("A2E_API_TOKEN").hasMessageContaining("--token-file");
        assertThatThrownBy(() -> ApiToken.resolve(Optional.of(dir.resolve("missing")), Map.of()))
                .hasMessageContaining("Cannot read the API token file");
    }

    @Test
    void rejectsATokenWithWhitespaceInside() {
        assertThatThrownBy(() -> ApiToken.of("sk_test abc")).hasMessageContaining("whitespace")
                .hasMessageNotContaining("sk_test abc");
    }
}

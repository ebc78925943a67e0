package io.a2ebatch.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.a2ebatch.config.ApiProperties;
import io.a2ebatch.config.ProviderProperties;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.Provider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each provider's token and base URL come from its own settings; one provider's absence blocks only its rows. */
class ProviderTokensTest {

    private final Provider a2e = FamilyCatalog.everyProvider().provider("a2e").orElseThrow();
    private final Provider kie = FamilyCatalog.everyProvider().provider("kie").orElseThrow();
    private final ApiProperties api = new ApiProperties(URI.create("https://video.a2e.ai"), null,
            Duration.ofSeconds(1), Duration.ofSeconds(1));

    @TempDir
    Path dir;

    @Test
    void eachProviderGetsItsOwnTokenAndBaseUrl() throws Exception {
        Path kieFile = Files.writeString(dir.resolve("kie"), "kie_test_file_token\n");
        ProviderProperties providers = new ProviderProperties(Map.of("kie",
                new ProviderProperties.Settings(URI.create("http://127.0.0.1:7000/"), kieFile, null, null)));

        ProviderEndpoints endpoints = ClientConfiguration.configured(api, providers,
                Map.of("A2E_API_TOKEN", "sk_test_a2e_token"));

        assertThat(endpoints.of(a2e).token().appearsIn("Bearer sk_test_a2e_token")).isTrue();
        assertThat(endpoints.of(a2e).baseUrl()).isEqualTo(URI.create("https://video.a2e.ai"));
        assertThat(endpoints.of(kie).token().appearsIn("kie_test_file_token")).isTrue();
        assertThat(endpoints.of(kie).baseUrl()).isEqualTo(URI.create("http://127.0.0.1:7000"));
    }

    @Test
    void aManifestOfKieRowsNeedsNoA2eTokenAndKiesDefaultsComeFromItsDescriptor() {
        ProviderEndpoints endpoints = ClientConfiguration.configured(api, new ProviderProperties(null),
                Map.of("KIE_API_TOKEN", "kie_test_env_token"));

        assertThat(endpoints.of(kie).baseUrl()).isEqualTo(URI.create("https://api.kie.ai"));
        assertThatThrownBy(() -> endpoints.of(a2e)).isInstanceOf(TokenUnavailableException.class)
                .hasMessageStartingWith("No A2E API token: set A2E_API_TOKEN");
    }

    @Test
    void withNoTokenAtAllA2esMessageIsGivenAsBefore() {
        assertThatThrownBy(() -> ClientConfiguration.configured(api, new ProviderProperties(null), Map.of()))
                .isInstanceOf(TokenUnavailableException.class)
                .hasMessageStartingWith("No A2E API token: set A2E_API_TOKEN, or put the token in a file and pass"
                        + " --token-file FILE");
    }

    @Test
    void aMissingKieTokenNamesKiesVariablesAndOption() {
        ProviderEndpoints endpoints = ClientConfiguration.configured(api, new ProviderProperties(null),
                Map.of("A2E_API_TOKEN", "sk_test_a2e_token"));

        assertThatThrownBy(() -> endpoints.of(kie)).isInstanceOf(TokenUnavailableException.class)
                .hasMessageStartingWith("No kie.ai API token: set KIE_API_TOKEN, or put the token in a file and"
                        + " pass --kie-token-file FILE (or set KIE_API_TOKEN_FILE)");
    }
}

package io.a2ebatch.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where A2E is and how to reach it ({@code a2e.api.*}).
 *
 * @param baseUrl        A2E's base URL ({@code --base-url})
 * @param tokenFile      a file holding the API token ({@code --token-file}); otherwise
 *                       {@code A2E_API_TOKEN_FILE} or {@code A2E_API_TOKEN} from the environment
 * @param connectTimeout TCP connect timeout
 * @param requestTimeout time to wait for a whole response
 */
@ConfigurationProperties("a2e.api")
public record ApiProperties(URI baseUrl, Path tokenFile, Duration connectTimeout, Duration requestTimeout)
        implements SelfValidating {

    @Override
    public void check(Constraints c) {
        c.notNull("baseUrl", baseUrl);
        c.notNull("connectTimeout", connectTimeout);
        c.notNull("requestTimeout", requestTimeout);
    }
}

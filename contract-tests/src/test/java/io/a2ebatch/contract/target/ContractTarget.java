package io.a2ebatch.contract.target;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.junit.jupiter.api.Assumptions;

/**
 * What the suite talks to: by default a simulator it starts in this JVM for each scenario; with
 * {@value #BASE_URL_PROPERTY} another A2E-compatible server, whose token comes from the environment
 * variable {@value #TOKEN_ENV} or the file named by {@value #TOKEN_FILE_PROPERTY}. A token is never
 * taken from a system property, which would end up in shell history and process lists.
 */
public final class ContractTarget {

    /** System property: base URL of another A2E-compatible server. */
    public static final String BASE_URL_PROPERTY = "a2e.contract.base-url";
    /** System property: a file holding that server's token. */
    public static final String TOKEN_FILE_PROPERTY = "a2e.contract.token-file";
    /** Environment variable holding that server's token. */
    public static final String TOKEN_ENV = "A2E_CONTRACT_TOKEN";
    /** The in-process simulator's token: a test token, so a leak check can look for it. */
    public static final String SIMULATOR_TOKEN = "sk_test_contract_7f3a9c0e5b1d4e26SECRET";

    private static volatile ContractTarget current;

    private final URI remote;
    private final String token;

    private ContractTarget(URI remote, String token) {
        this.remote = remote;
        this.token = token;
    }

    /** The target this JVM's system properties and environment name; read once. */
    public static ContractTarget current() {
        ContractTarget target = current;
        if (target == null) {
            synchronized (ContractTarget.class) {
                target = current;
                if (target == null) {
                    target = resolve(System.getProperties(), System.getenv());
                    current = target;
                }
            }
        }
        return target;
    }

    /**
     * Reads the target from system properties and the environment.
     *
     * @throws IllegalStateException with what to do, for a token passed as a property, a base URL without
     *                               a token, or an unreadable token file
     */
    static ContractTarget resolve(Properties properties, Map<String, String> environment) {
        for (String name : properties.stringPropertyNames()) {
            if (name.startsWith("a2e.contract.") && name.toLowerCase().endsWith("token")) {
                throw new IllegalStateException("-D" + name + ": the contract suite never takes a token from a system"
                        + " property (shell history and process lists show them); set " + TOKEN_ENV + " or pass -D"
                        + TOKEN_FILE_PROPERTY + "=FILE");
            }
        }
        String base = properties.getProperty(BASE_URL_PROPERTY, "").trim();
        if (base.isEmpty()) {
            return new ContractTarget(null, SIMULATOR_TOKEN);
        }
        URI uri = httpUrl(base);
        String file = properties.getProperty(TOKEN_FILE_PROPERTY, "").trim();
        String token;
        if (!file.isEmpty()) {
            try {
                token = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new IllegalStateException("Cannot read the token file -D" + TOKEN_FILE_PROPERTY + "=" + file
                        + ": " + e.getMessage(), e);
            }
        } else {
            token = Optional.ofNullable(environment.get(TOKEN_ENV)).map(String::strip).orElse("");
        }
        if (token.isEmpty()) {
            throw new IllegalStateException("-D" + BASE_URL_PROPERTY + " points the suite at " + uri + ", but no token"
                    + " was given: set " + TOKEN_ENV + " or pass -D" + TOKEN_FILE_PROPERTY + "=FILE");
        }
        return new ContractTarget(uri, token);
    }

    private static URI httpUrl(String base) {
        String problem = "-D" + BASE_URL_PROPERTY + "=" + base + " is not an http(s) URL such as http://127.0.0.1:8089";
        URI uri;
        try {
            uri = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(problem, e);
        }
        if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) {
            throw new IllegalStateException(problem);
        }
        return uri;
    }

    /** Whether the suite runs against simulators it starts itself. */
    public boolean inProcess() {
        return remote == null;
    }

    /** The other server's base URL, when the suite is pointed at one. */
    public Optional<URI> remoteBaseUrl() {
        return Optional.ofNullable(remote);
    }

    /** The bearer token requests carry. */
    public String token() {
        return token;
    }

    /**
     * Skips the calling test, saying why, unless the suite runs against its own simulator: the test
     * needs the simulator's inspection API (request log, stats, injected failures, credits, tokens).
     */
    public void assumeSimulator(String needs) {
        Assumptions.assumeTrue(inProcess(), () -> "Skipped against " + remote + ": this contract needs the in-process"
                + " simulator's inspection API (" + needs + "); run without -D" + BASE_URL_PROPERTY + " to check it");
    }

    @Override
    public String toString() {
        return inProcess() ? "the in-process A2E simulator" : remote.toString();
    }
}

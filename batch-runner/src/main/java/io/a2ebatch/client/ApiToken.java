package io.a2ebatch.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import io.a2ebatch.spec.family.TokenSource;

/**
 * An API token of one provider. It is read from the environment or a file, never from the command line, and its
 * {@link #toString()} never reveals it: logs, exceptions and reports can only ever show the mask.
 */
public final class ApiToken {

    /** Environment variable holding the token. */
    public static final String ENV_TOKEN = "A2E_API_TOKEN";
    /** Environment variable naming a file that holds the token. */
    public static final String ENV_TOKEN_FILE = "A2E_API_TOKEN_FILE";

    private final String value;

    private ApiToken(String value) {
        this.value = value;
    }

    /** Wraps a token value (for tests and for the in-process simulator's own token). */
    public static ApiToken of(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("The API token is empty");
        }
        if (value.chars().anyMatch(c -> c <= ' ' || c == 127)) {
            throw new IllegalArgumentException("The API token contains whitespace or control characters;"
                    + " check the file or variable it was read from");
        }
        return new ApiToken(value);
    }

    /**
     * Finds the token: the file {@code tokenFile} if given, else the file named by
     * {@value #ENV_TOKEN_FILE}, else the variable {@value #ENV_TOKEN}.
     *
     * @throws TokenUnavailableException with what to do, when there is none or it cannot be read
     */
    public static ApiToken resolve(Optional<Path> tokenFile, Map<String, String> environment) {
        return resolve(new Where("A2E", new TokenSource(ENV_TOKEN, ENV_TOKEN_FILE), "--token-file"), tokenFile,
                environment);
    }

    /**
     * Where a provider's token is looked for, for the look-up and its messages.
     *
     * @param provider   the provider's name for people ({@code kie.ai})
     * @param source     its environment variables
     * @param fileOption the option naming a token file ({@code --kie-token-file})
     */
    public record Where(String provider, TokenSource source, String fileOption) {
    }

    /** Whether {@code where} has a token to offer: a file given, or one of its variables set. */
    public static boolean isOffered(Where where, Optional<Path> tokenFile, Map<String, String> environment) {
        return tokenFile.isPresent() || !environment.getOrDefault(where.source().fileVariable(), "").isBlank()
                || !environment.getOrDefault(where.source().variable(), "").isBlank();
    }

    /**
     * Finds a provider's token: the file {@code tokenFile} if given, else the file named by its file
     * variable, else its token variable.
     *
     * @throws TokenUnavailableException with what to do, when there is none or it cannot be read
     */
    public static ApiToken resolve(Where where, Optional<Path> tokenFile, Map<String, String> environment) {
        TokenSource source = where.source();
        Optional<Path> file = tokenFile.or(() -> Optional.ofNullable(environment.get(source.fileVariable()))
                .filter(s -> !s.isBlank()).map(Path::of));
        if (file.isPresent()) {
            return fromFile(where, file.get());
        }
        String env = environment.get(source.variable());
        if (env != null && !env.isBlank()) {
            return of(env.strip());
        }
        throw new TokenUnavailableException("No " + where.provider() + " API token: set " + source.variable()
                + ", or put the token in a file and pass " + where.fileOption() + " FILE (or set "
                + source.fileVariable() + "). Tokens are never taken from the command line, where they would end up"
                + " in shell history and process lists.", null);
    }

    private static ApiToken fromFile(Where where, Path file) {
        try {
            return of(Files.readString(file, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new TokenUnavailableException("Cannot read the API token file " + file + " (" + e.getMessage()
                    + "); check the path given to " + where.fileOption() + " or " + where.source().fileVariable(), e);
        }
    }

    /** The value for the {@code Authorization} header. */
    String bearerHeader() {
        return "Bearer " + value;
    }

    /** Whether {@code text} contains this token, so callers can prove a text is safe to show. */
    public boolean appearsIn(CharSequence text) {
        return text.toString().contains(value);
    }

    /** The token with all but its prefix and last four characters hidden. */
    public String masked() {
        String prefix = value.startsWith("sk_") ? "sk_" : "";
        String tail = value.length() > 8 ? value.substring(value.length() - 4) : "";
        return prefix + "…" + tail;
    }

    @Override
    public String toString() {
        return masked();
    }
}

package io.a2ebatch.spec.family;

/**
 * Where a provider's API token comes from: an environment variable holding it, or one naming a file
 * that holds it. Tokens are never taken from the command line.
 *
 * @param variable     holds the token ({@code A2E_API_TOKEN}, {@code KIE_API_TOKEN})
 * @param fileVariable names a file holding the token ({@code A2E_API_TOKEN_FILE}, {@code KIE_API_TOKEN_FILE})
 */
public record TokenSource(String variable, String fileVariable) {
}

package io.a2ebatch.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the simulator shows and stores a bearer token without revealing it. The mask keeps the token's
 * kind prefix ({@code sk_test_}) and the last four characters of a long token
 * ({@code sk_test_…ab12}); a token of fewer than 16 characters would give too much away that way, so
 * its mask ends in four hex digits of its SHA-256 instead ({@code sk_test_…#3fa2}).
 */
public final class TokenMask {

    private static final Pattern KIND_PREFIX = Pattern.compile("^([A-Za-z]{1,8}_[A-Za-z]{1,8}_)");
    private static final int SHOWN_SUFFIX_MIN_LENGTH = 16;

    private TokenMask() {
    }

    /** The masked form of {@code token}, for stats, logs, messages and exchanges. */
    public static String mask(String token) {
        if (token == null) {
            return null;
        }
        Matcher m = KIND_PREFIX.matcher(token);
        String prefix = m.find() ? m.group(1) : "";
        if (token.length() >= SHOWN_SUFFIX_MIN_LENGTH) {
            return prefix + "…" + token.substring(token.length() - 4);
        }
        return prefix + "…#" + key(token).substring(0, 4);
    }

    /** SHA-256 of the token in hex: how the state journal names an account without storing its token. */
    public static String key(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}

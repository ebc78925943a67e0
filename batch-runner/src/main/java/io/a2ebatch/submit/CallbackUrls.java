package io.a2ebatch.submit;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The callback URL of each row: the receiver's public address with the run tag, the row key and a
 * signature ({@code ?run=3f9c1a20&key=demo-001&sig=...}). Providers sign nothing (kie.ai's callbacks
 * carry no signature), so the URL is the proof: the signature is an HMAC-SHA256 of the run tag and the
 * key under the run's secret, which the ledger keeps, so a restarted run accepts the callbacks of tasks
 * started before. One row's URL says nothing about another row's.
 */
public final class CallbackUrls {

    private static final String RUN = "run";
    private static final String KEY = "key";
    private static final String SIG = "sig";
    private static final int SIG_HEX = 32;

    private final URI base;
    private final String runTag;
    private final SecretKeySpec secret;

    /**
     * @param base   the receiver's public address ({@code --callback-url})
     * @param runTag the run's tag
     * @param secret the run's secret, from {@link #newSecret()} and kept in the ledger
     */
    public CallbackUrls(URI base, String runTag, String secret) {
        this.base = base;
        this.runTag = runTag;
        this.secret = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** A fresh random secret (256 bits, hex). */
    public static String newSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** The URL a row's start request carries. */
    public String forRow(String key) {
        String b = base.toString();
        return b + (b.contains("?") ? "&" : "?") + RUN + "=" + runTag + "&" + KEY + "="
                + URLEncoder.encode(key, StandardCharsets.UTF_8) + "&" + SIG + "=" + sign(key);
    }

    /** What a callback's query says. */
    public sealed interface Verdict permits Verdict.Row, Verdict.Stray, Verdict.Forged {

        /** A row of this run, genuinely. */
        record Row(String key) implements Verdict {
        }

        /** Not a callback of this run (no run tag, another run's). */
        record Stray(String reason) implements Verdict {
        }

        /** Names this run but its signature is wrong. */
        record Forged(String reason) implements Verdict {
        }
    }

    /** Checks a callback's raw query string. */
    public Verdict check(String rawQuery) {
        Map<String, String> query = parse(rawQuery);
        String run = query.get(RUN);
        String key = query.get(KEY);
        if (run == null || key == null) {
            return new Verdict.Stray("no run tag or key in the URL");
        }
        if (!run.equals(runTag)) {
            return new Verdict.Stray("run tag " + run + " is not this run's");
        }
        byte[] expected = sign(key).getBytes(StandardCharsets.US_ASCII);
        byte[] given = Optional.ofNullable(query.get(SIG)).orElse("").getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, given)) {
            return new Verdict.Forged("wrong signature for key '" + key + "'");
        }
        return new Verdict.Row(key);
    }

    private String sign(String key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(secret);
            byte[] digest = mac.doFinal((runTag + "\n" + key).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, SIG_HEX);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static Map<String, String> parse(String rawQuery) {
        Map<String, String> values = new HashMap<>();
        if (rawQuery == null) {
            return values;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.putIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }
}

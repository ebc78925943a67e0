package io.a2ebatch.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a run is. Its <em>name</em> is chosen by the user ({@code --run-name}) or, by default, is the
 * manifest's canonical path, so that any working directory, symbolic link or relative spelling finds
 * the same run. Its <em>tag</em>, carried by every task name, derives from the name alone, so a key's
 * task keeps its name when the manifest is edited. The content hash only tells a resumed pass from a
 * new one.
 *
 * @param name     the run name
 * @param manifest the manifest's canonical path
 * @param sha256   hex SHA-256 of the manifest's bytes now
 */
public record RunIdentity(String name, Path manifest, String sha256) {

    /** Longest run name accepted (it is a primary key column). */
    public static final int MAX_NAME_LENGTH = 1000;

    public RunIdentity {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("the run name must not be empty");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("the run name is " + name.length() + " characters long; at most "
                    + MAX_NAME_LENGTH + " are allowed");
        }
    }

    /**
     * The identity of running {@code manifest}, named {@code runName} or, when that is null or blank,
     * after the manifest's canonical path.
     */
    public static RunIdentity of(Path manifest, String runName) {
        Path canonical = canonical(manifest);
        return new RunIdentity(defaultName(canonical, runName), canonical, sha256(canonical));
    }

    /** The run name used for {@code manifest} without reading it (the name decides the database). */
    public static String nameOf(Path manifest, String runName) {
        return defaultName(canonical(manifest), runName);
    }

    /** The tag of a run name: eight hex characters of its SHA-256. */
    public static String tagOf(String runName) {
        return hex(digest().digest(runName.getBytes(StandardCharsets.UTF_8))).substring(0, 8);
    }

    /** Eight hex characters naming the run in task names (and its embedded database). */
    public String tag() {
        return tagOf(name);
    }

    private static String defaultName(Path canonical, String runName) {
        return runName == null || runName.isBlank() ? canonical.toString() : runName.strip();
    }

    private static Path canonical(Path manifest) {
        try {
            return manifest.toRealPath();
        } catch (IOException e) {
            return manifest.toAbsolutePath().normalize();
        }
    }

    private static String sha256(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            MessageDigest digest = digest();
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return hex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the manifest " + path + ": " + e.getMessage(), e);
        }
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM has no SHA-256", e);
        }
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}

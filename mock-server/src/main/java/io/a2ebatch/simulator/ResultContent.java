package io.a2ebatch.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The bytes of a task's result file: a pseudo-random stream that depends only on the task id, so
 * any range of it can be produced without the rest, and a test can compute the SHA-256 a complete
 * download must have.
 */
public final class ResultContent {

    private ResultContent() {
    }

    /** Fills {@code buffer[0..length)} with the file's bytes from {@code offset} on. */
    public static void fill(String taskId, long offset, byte[] buffer, int length) {
        long seed = seed(taskId);
        long block = offset >>> 3;
        long word = mix(seed + block);
        int shift = (int) (offset & 7) * 8;
        for (int i = 0; i < length; i++) {
            buffer[i] = (byte) (word >>> shift);
            shift += 8;
            if (shift == 64) {
                shift = 0;
                word = mix(seed + ++block);
            }
        }
    }

    /** The SHA-256 (lower-case hex) of the first {@code size} bytes of the task's file. */
    public static String sha256(String taskId, long size) {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[64 * 1024];
        for (long at = 0; at < size; at += buffer.length) {
            int n = (int) Math.min(buffer.length, size - at);
            fill(taskId, at, buffer, n);
            digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** A fresh SHA-256 digest (every JVM has one). */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM has no SHA-256", e);
        }
    }

    private static long seed(String taskId) {
        byte[] d = sha256().digest(taskId.getBytes(StandardCharsets.UTF_8));
        long s = 0;
        for (int i = 0; i < 8; i++) {
            s = (s << 8) | (d[i] & 0xff);
        }
        return s;
    }

    /** SplitMix64's finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}

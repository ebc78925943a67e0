package io.a2ebatch.simulator;

import java.time.Duration;
import java.util.Objects;

import io.a2ebatch.spec.text.ByteSizes;

/**
 * How the simulator's result-file host behaves. The host runs on its own port (like a CDN on its own
 * host name), so a client that sends its API token to a result URL is caught by its request log.
 *
 * @param size           bytes of every result file
 * @param cutRate        share of file responses whose connection is closed part-way through the body
 * @param errorRate      share of file requests answered 503
 * @param bytesPerSecond bandwidth of one response, 0 for unlimited
 * @param urlTtl         how long a result URL stays valid after the record that carries it was read;
 *                       {@link Duration#ZERO} for URLs that never expire
 * @param expiryRate     share of tasks whose URLs expire after {@code urlTtl} (the others never do)
 */
public record FileHostConfig(long size, double cutRate, double errorRate, long bytesPerSecond, Duration urlTtl,
                             double expiryRate) {

    /** 1 MiB files, no faults, no throttling, URLs that never expire. */
    public static final FileHostConfig DEFAULT = new FileHostConfig(1 << 20, 0, 0, 0, Duration.ZERO, 1.0);

    public FileHostConfig {
        if (size < 0) {
            throw new IllegalArgumentException("result size cannot be negative, got " + size);
        }
        share("result cut rate", cutRate);
        share("result error rate", errorRate);
        share("result expiry rate", expiryRate);
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("result bandwidth cannot be negative, got " + bytesPerSecond);
        }
        Objects.requireNonNull(urlTtl, "urlTtl");
        if (urlTtl.isNegative()) {
            throw new IllegalArgumentException("result URL time to live cannot be negative, got " + urlTtl);
        }
    }

    public FileHostConfig withSize(long bytes) {
        return new FileHostConfig(bytes, cutRate, errorRate, bytesPerSecond, urlTtl, expiryRate);
    }

    public FileHostConfig withCutRate(double share) {
        return new FileHostConfig(size, share, errorRate, bytesPerSecond, urlTtl, expiryRate);
    }

    public FileHostConfig withErrorRate(double share) {
        return new FileHostConfig(size, cutRate, share, bytesPerSecond, urlTtl, expiryRate);
    }

    public FileHostConfig withBandwidth(long perSecond) {
        return new FileHostConfig(size, cutRate, errorRate, perSecond, urlTtl, expiryRate);
    }

    /** URLs of a share {@code rate} of the tasks expire {@code ttl} after they were read. */
    public FileHostConfig withExpiry(Duration ttl, double rate) {
        return new FileHostConfig(size, cutRate, errorRate, bytesPerSecond, ttl, rate);
    }

    /** Whether some URLs expire. */
    public boolean expires() {
        return !urlTtl.isZero() && expiryRate > 0;
    }

    /**
     * Parses a size: {@code 5MB}, {@code 200KB}, {@code 1.5GB}, {@code 1000} (bytes). Units are
     * binary: 1KB = 1024 bytes.
     */
    public static long parseSize(String text) {
        return ByteSizes.parseSize(text);
    }

    /** Parses a bandwidth per response: {@code 2MB} or {@code 2MB/s}; 0 for unlimited. */
    public static long parseRate(String text) {
        return ByteSizes.parseRate(text);
    }

    private static void share(String name, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(name + " is a share of 0..1 (0.2 = 20%), got " + value);
        }
    }
}

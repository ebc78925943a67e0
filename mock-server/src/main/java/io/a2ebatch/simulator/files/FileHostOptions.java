package io.a2ebatch.simulator.files;

import io.a2ebatch.simulator.DurationRange;

/** The simulator's {@code --result-*} command-line options, applied to a {@link FileHostConfig}. */
public final class FileHostOptions {

    private FileHostOptions() {
    }

    /**
     * {@code config} with option {@code --name value} applied.
     *
     * @throws IllegalArgumentException for an unknown name or a bad value
     */
    public static FileHostConfig apply(FileHostConfig config, String name, String value) {
        return switch (name) {
            case "result-size" -> config.withSize(FileHostConfig.parseSize(value));
            case "result-cut-rate" -> config.withCutRate(share(value));
            case "result-error-rate" -> config.withErrorRate(share(value));
            case "result-bandwidth" -> config.withBandwidth(FileHostConfig.parseRate(value));
            case "result-url-ttl" -> config.withExpiry(DurationRange.parseDuration(value), config.expiryRate());
            case "result-expiry-rate" -> config.withExpiry(config.urlTtl(), share(value));
            default -> throw new IllegalArgumentException("unknown result-file option --" + name);
        };
    }

    private static double share(String value) {
        try {
            return Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number (write 0.2 for 20%)", e);
        }
    }
}

package io.a2ebatch.download;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where and how result files are downloaded ({@code a2e.download.*}). Separate from the API's
 * throttle: result files come from a CDN, not from the API.
 *
 * @param dir            directory the files go to ({@code --download DIR}); unset: nothing is downloaded
 * @param concurrency    downloads at once ({@code --download-concurrency})
 * @param rate           total bandwidth of all downloads, {@code 10MB} (per second) or {@code 0} for
 *                       unlimited ({@code --download-rate})
 * @param name           file name template ({@code --name}), see {@link FileNamer}
 * @param connectTimeout time to connect to a result host
 * @param headerTimeout  time from request to response headers
 * @param maxAttempts    attempts per file on 5xx, 429, time-outs and refused connections (a cut
 *                       connection that brought bytes does not count)
 * @param retryInitial   first delay between attempts (exponential with jitter, capped at {@code retryMax})
 * @param retryMax       longest delay between attempts
 */
@Validated
@ConfigurationProperties("a2e.download")
public record DownloadProperties(Path dir, @Min(1) @Max(256) int concurrency, @NotBlank String rate,
                                 @NotBlank String name, @NotNull Duration connectTimeout,
                                 @NotNull Duration headerTimeout, @Min(1) int maxAttempts,
                                 @NotNull Duration retryInitial, @NotNull Duration retryMax) {

    /** A bad {@code --name} or {@code --download-rate} stops the start with its reason, not each row later. */
    public DownloadProperties {
        if (name != null) {
            new FileNamer(name);
        }
        if (rate != null) {
            ByteRate.parse(rate);
        }
    }

    /** Whether {@code run} downloads results. */
    public boolean enabled() {
        return dir != null;
    }

    /** {@link #rate} in bytes per second, 0 for unlimited. */
    public long bytesPerSecond() {
        return ByteRate.parse(rate);
    }

    /** These settings with another directory ({@code download MANIFEST --to DIR}). */
    public DownloadProperties withDir(Path directory) {
        return new DownloadProperties(directory, concurrency, rate, name, connectTimeout, headerTimeout, maxAttempts,
                retryInitial, retryMax);
    }
}

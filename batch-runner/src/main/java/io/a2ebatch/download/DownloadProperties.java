package io.a2ebatch.download;

import java.nio.file.Path;
import java.time.Duration;

import io.a2ebatch.config.Constraints;
import io.a2ebatch.config.SelfValidating;
import org.springframework.boot.context.properties.ConfigurationProperties;

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
@ConfigurationProperties("a2e.download")
public record DownloadProperties(Path dir, int concurrency, String rate, String name, Duration connectTimeout,
                                 Duration headerTimeout, int maxAttempts, Duration retryInitial, Duration retryMax)
        implements SelfValidating {

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

    @Override
    public void check(Constraints c) {
        c.min("concurrency", concurrency, 1);
        c.max("concurrency", concurrency, 256);
        c.notBlank("rate", rate);
        c.notBlank("name", name);
        c.notNull("connectTimeout", connectTimeout);
        c.notNull("headerTimeout", headerTimeout);
        c.min("maxAttempts", maxAttempts, 1);
        c.notNull("retryInitial", retryInitial);
        c.notNull("retryMax", retryMax);
    }
}

package io.a2ebatch.job;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

/**
 * What a run is: the manifest's absolute path and the SHA-256 of its content. The same manifest run
 * again is the same Spring Batch job instance (and resumes); a changed manifest is a new one.
 *
 * @param path   absolute, normalised manifest path
 * @param sha256 hex SHA-256 of the manifest's bytes
 */
public record ManifestIdentity(Path path, String sha256) {

    /** Identifying job parameter: the manifest path. */
    public static final String PATH_PARAMETER = "manifest.path";
    /** Identifying job parameter: the manifest content hash. */
    public static final String SHA256_PARAMETER = "manifest.sha256";

    /** Hashes the manifest, streaming it. */
    public static ManifestIdentity of(Path manifest) {
        Path path = manifest.toAbsolutePath().normalize();
        try (InputStream in = Files.newInputStream(path)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return new ManifestIdentity(path, HexFormat.of().formatHex(digest.digest()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the manifest " + path + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM has no SHA-256", e);
        }
    }

    /** Restores the identity from a job's parameters. */
    public static ManifestIdentity of(JobParameters parameters) {
        return new ManifestIdentity(Path.of(parameters.getString(PATH_PARAMETER)),
                parameters.getString(SHA256_PARAMETER));
    }

    public JobParameters toJobParameters() {
        return new JobParametersBuilder()
                .addString(PATH_PARAMETER, path.toString(), true)
                .addString(SHA256_PARAMETER, sha256, true)
                .toJobParameters();
    }

    /**
     * Eight hex characters naming the run in task names and lock files: independent of the job
     * repository (two state directories never make the same tag for different manifests).
     */
    public String runTag() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((path + "\n" + sha256).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest()).substring(0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM has no SHA-256", e);
        }
    }
}

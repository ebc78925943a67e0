package io.a2ebatch.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import io.a2ebatch.client.DeferredTrust;
import io.a2ebatch.config.StateProperties;
import io.a2ebatch.job.OutputPaths;
import io.a2ebatch.manifest.ManifestException;
import io.a2ebatch.manifest.ManifestReader;

/**
 * What {@code run} checks before it starts Spring, so that each mistake is one line naming the file,
 * directory or URL (exit 2), instead of a failure deep in the job repository or the job: the manifest
 * is readable and has rows, the state directory and the output files are writable, A2E answers.
 */
final class Preflight {


    private Preflight() {
    }

    /** The manifest exists, is readable, has a usable header and at least one row. */
    static void manifest(Path manifest) {
        if (!Files.isRegularFile(manifest)) {
            throw new UsageException("cannot read the manifest " + manifest.toAbsolutePath() + " ("
                    + (Files.isDirectory(manifest) ? "it is a directory" : "no such file") + ")");
        }
        try (ManifestReader reader = ManifestReader.open(manifest)) {
            if (reader.next() == null) {
                throw new UsageException(manifest + " has a header but no rows: nothing to run; add rows below"
                        + " the header line");
            }
        } catch (ManifestException e) {
            throw new UsageException(e.problem().format() + System.lineSeparator()
                    + "  Nothing was sent. Fix the manifest (a2e-batch validate " + manifest + " lists every problem).");
        }
    }

    /** The state directory in use: the option, else {@code A2E_STATE_DIR}, else the default; absolute. */
    static Path stateDir(RunOptions options) {
        return Path.of(options.property("a2e.state.dir", Optional.ofNullable(System.getenv("A2E_STATE_DIR"))
                .orElse(defaultStateDir().toString()))).toAbsolutePath().normalize();
    }

    /** {@code $XDG_STATE_HOME/a2e-batch}, else {@code ~/.local/state/a2e-batch}: any working directory finds a run. */
    static Path defaultStateDir() {
        return StateProperties.defaultDir(System.getenv(), System.getProperty("user.home")).toAbsolutePath()
                .normalize();
    }

    /** The state directory exists (created if need be) and a file can be written in it. */
    static void stateDir(Path dir) {
        try {
            Files.createDirectories(dir);
            writable(dir);
        } catch (IOException e) {
            throw new UsageException("cannot use the state directory " + dir + " (" + reason(e) + "); choose a"
                    + " writable one with --state-dir DIR");
        }
    }

    /** The results and rejects files can be written. */
    static void outputs(RunOptions options) {
        OutputPaths paths = OutputPaths.of(options.properties().containsKey("a2e.output.results")
                        ? Path.of(options.property("a2e.output.results", "")) : null,
                options.properties().containsKey("a2e.output.rejects")
                        ? Path.of(options.property("a2e.output.rejects", "")) : null, options.manifest());
        output(paths.results(), "--results");
        output(paths.rejects(), "--rejects");
    }

    private static void output(Path file, String option) {
        try {
            if (Files.isDirectory(file)) {
                throw new UsageException("cannot write the file " + file + " (it is a directory); name a file with "
                        + option + " FILE");
            }
            Files.createDirectories(file.getParent());
            writable(file.getParent());
            if (Files.exists(file) && !Files.isWritable(file)) {
                throw new AccessDeniedException(file.toString());
            }
        } catch (IOException e) {
            throw new UsageException("cannot write " + file + " (" + reason(e) + "); choose another path with "
                    + option + " FILE");
        }
    }

    private static void writable(Path dir) throws IOException {
        Path probe = Files.createTempFile(dir, ".a2e-write-check", ".tmp");
        Files.delete(probe);
    }

    /**
     * Whether A2E's host answers at all: a TCP connection (and a TLS handshake for https), no HTTP
     * request, so nothing is sent and the token never leaves the process.
     *
     * @return why it cannot be reached, if it cannot
     */
    static Optional<String> unreachable(URI baseUrl, Duration timeout) {
        boolean tls = "https".equalsIgnoreCase(baseUrl.getScheme());
        int port = baseUrl.getPort() > 0 ? baseUrl.getPort() : tls ? 443 : 80;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(baseUrl.getHost(), port), (int) Math.max(1, timeout.toMillis()));
            if (tls) {
                socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
                // The clients' own trust, so that the trust store is read once, here, not again by them.
                try (SSLSocket ssl = (SSLSocket) DeferredTrust.context().getSocketFactory()
                        .createSocket(socket, baseUrl.getHost(), port, true)) {
                    SSLParameters parameters = ssl.getSSLParameters();
                    parameters.setEndpointIdentificationAlgorithm("HTTPS");
                    ssl.setSSLParameters(parameters);
                    ssl.startHandshake();
                }
            }
            return Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.of("unknown host " + baseUrl.getHost());
        } catch (ConnectException e) {
            return Optional.of("connection refused");
        } catch (NoRouteToHostException e) {
            return Optional.of("no route to host");
        } catch (SocketTimeoutException e) {
            return Optional.of("no answer within " + ValueType.format(timeout));
        } catch (SSLException e) {
            return Optional.of("TLS: " + e.getMessage());
        } catch (IOException e) {
            return Optional.of(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    /** An I/O failure in a few words ("permission denied", "not a directory"). */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such directory";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "a file of that name is in the way";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason().toLowerCase(java.util.Locale.ROOT);
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}

package io.a2ebatch.client;

import javax.net.ssl.SSLContext;

/**
 * Builds the JVM's default TLS context on a thread of its own while the command starts. Every JDK HTTP
 * client is built with it, and the first build reads and parses the JDK's trusted certificates: about 6 %
 * of the main thread's time before the first start request (docs/startup.md), paid in the middle of
 * Spring's start. Started first, it is ready by the time the client is built, which then finds it made; a
 * client built earlier waits for it rather than doing the work twice. A failure here changes nothing: the
 * client's own build meets it again and reports it.
 */
public final class TlsWarmUp {

    private TlsWarmUp() {
    }

    /** Starts building the default TLS context in the background. */
    public static void start() {
        Thread thread = new Thread(TlsWarmUp::warmUp, "a2e-tls-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    private static void warmUp() {
        try {
            SSLContext.getDefault();
        } catch (Exception | LinkageError e) {
            // Reported by the HTTP client's own build, on the thread that needs it.
        }
    }
}

package io.a2ebatch.client;

import java.time.Duration;

/**
 * Lets the process exit as soon as its work is done. Every JDK {@link java.net.http.HttpClient} keeps a
 * selector thread ({@code HttpClient-N-SelectorManager}) blocked in a native {@code epoll_wait} until the
 * client is garbage collected, and the JVM's exit waits up to 300 ms for threads in native code to come
 * back: measured, a process that had used an HTTP client took 0.36 s from {@code System.exit} to its end
 * against 0.02 s without one (docs/startup.md). Java 17's client has no {@code close()} (Java 21's does);
 * interrupting the selector thread is its way to stop (on Java 17 and 25 alike): the thread closes the
 * client's selector and ends.
 */
public final class HttpClientThreads {

    /** The JDK names each client's selector thread {@code HttpClient-<id>-SelectorManager}. */
    private static final String SELECTOR_SUFFIX = "-SelectorManager";

    private HttpClientThreads() {
    }

    /**
     * Stops the selector thread of every HTTP client in the process, waiting up to {@code wait} for each
     * to end. Only for a process about to exit: every client stops working.
     */
    public static void stopAll(Duration wait) {
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("HttpClient-") && thread.getName().endsWith(SELECTOR_SUFFIX)) {
                thread.interrupt();
                try {
                    thread.join(wait.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}

package io.a2ebatch.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;

import io.a2ebatch.metrics.MetricsEndpoint;
import io.a2ebatch.metrics.MetricsProperties;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.ApplicationContext;

/**
 * {@code --metrics-port} as {@code run} and {@code worker} use it: the endpoint is bound before Spring
 * starts, so that a port in use is one line and exit 2 before anything else happens, bound to the
 * application once it is up, and closed with the command. Without the option it does nothing, and
 * Micrometer is never loaded (start-up time).
 */
final class MetricsOption implements AutoCloseable {

    private static final MetricsOption OFF = new MetricsOption(null, Duration.ZERO);

    private final MetricsEndpoint endpoint;
    private final Duration linger;

    private MetricsOption(MetricsEndpoint endpoint, Duration linger) {
        this.endpoint = endpoint;
        this.linger = linger;
    }

    /**
     * Starts the endpoint when {@code --metrics-port} is given, and says where it is on {@code err}.
     *
     * @throws UsageException when the address cannot be listened on
     */
    static MetricsOption start(RunOptions options, PrintStream err) {
        String port = options.property("a2e.metrics.port", "");
        if (port.isBlank()) {
            return OFF;
        }
        String host = options.property("a2e.metrics.host", MetricsProperties.DEFAULT_HOST);
        Duration linger;
        try {
            linger = DurationStyle.detectAndParse(options.property("a2e.metrics.linger", "0s"));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--a2e.metrics.linger=" + options.property("a2e.metrics.linger", "")
                    + " is not a duration; write it like 30s or 2m");
        }
        String role = Boolean.parseBoolean(options.property("a2e.fleet.worker", "false")) ? "worker"
                : Integer.parseInt(options.property("a2e.fleet.partitions", "0")) > 0 ? "manager" : "run";
        try {
            MetricsEndpoint endpoint = MetricsEndpoint.start(host, Integer.parseInt(port), role);
            err.println("metrics for Prometheus on " + endpoint.url());
            return new MetricsOption(endpoint, linger);
        } catch (IOException e) {
            throw new UsageException("--metrics-port " + port + ": cannot listen on " + host + ":" + port + " ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                    + "); choose a free port, or 0 for any");
        }
    }

    /** Publishes the application's figures. */
    void bind(ApplicationContext context) {
        if (endpoint != null) {
            endpoint.bind(context);
        }
    }

    /** The command's work is done: the endpoint says so and, with a linger, waits for one last scrape. */
    void end() throws InterruptedException {
        if (endpoint != null) {
            endpoint.end(linger);
        }
    }

    @Override
    public void close() {
        if (endpoint != null) {
            endpoint.close();
        }
    }
}

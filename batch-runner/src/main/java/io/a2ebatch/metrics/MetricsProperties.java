package io.a2ebatch.metrics;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The metrics endpoint's settings ({@code a2e.metrics.*}). The command line reads them before Spring
 * starts (the endpoint is bound first, so that a port in use is a usage error); the record declares the
 * keys, which the command line checks {@code --a2e.metrics.*} arguments against.
 *
 * @param port   {@code --metrics-port}: the port of the Prometheus endpoint; none when absent, 0 for any free one
 * @param host   the address it listens on; {@code 0.0.0.0} for a Prometheus on another machine
 * @param linger how long the endpoint may stay up after the run ended, waiting for one scrape of the final figures
 */
@ConfigurationProperties("a2e.metrics")
public record MetricsProperties(Integer port, String host, Duration linger) {

    /** The address listened on by default: loopback only. */
    public static final String DEFAULT_HOST = "127.0.0.1";
}

package io.a2ebatch.job;

import java.io.IOException;
import java.net.ServerSocket;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.slf4j.LoggerFactory;

/**
 * An ActiveMQ Artemis broker in the test's JVM on a free loopback port, without persistence or
 * security, for fleet tests; its audit log (every session, message and acknowledgement) is kept quiet.
 */
final class EmbeddedBroker implements AutoCloseable {

    private final EmbeddedActiveMQ broker;
    private final String url;

    private EmbeddedBroker(EmbeddedActiveMQ broker, String url) {
        this.broker = broker;
        this.url = url;
    }

    static EmbeddedBroker start() throws Exception {
        ((Logger) LoggerFactory.getLogger("org.apache.activemq")).setLevel(Level.WARN);
        String url = "tcp://127.0.0.1:" + freePort();
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ().setConfiguration(new ConfigurationImpl()
                .addAcceptorConfiguration("tcp", url)
                .setPersistenceEnabled(false)
                .setSecurityEnabled(false)
                .setJMXManagementEnabled(false));
        broker.start();
        return new EmbeddedBroker(broker, url);
    }

    /** What {@code --broker} takes. */
    String url() {
        return url;
    }

    @Override
    public void close() throws Exception {
        broker.stop();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

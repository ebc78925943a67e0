package io.a2ebatch.fleet;

import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.config.EnableIntegration;

/**
 * The JMS side of a fleet: the connection to ActiveMQ Artemis and, with {@code --workers-in-process},
 * the broker itself embedded in this process (in-VM for its own workers and, when {@code --broker}
 * names a loopback or LAN address, there too for workers of other processes).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression(FleetBrokerConfiguration.ACTIVE)
@EnableIntegration
public class FleetBrokerConfiguration {

    /** A fleet's process: a manager ({@code --partitions}) or a worker. */
    static final String ACTIVE = "${a2e.fleet.partitions:0} > 0 or ${a2e.fleet.worker:false}";

    /**
     * The embedded broker of a one-machine fleet: no persistence (a restarted manager sends the
     * partitions that did not end again), no security (in-VM, or the loopback address it is given).
     */
    @Bean(initMethod = "start", destroyMethod = "stop")
    @ConditionalOnExpression("${a2e.fleet.workers-in-process:false}")
    EmbeddedActiveMQ embeddedBroker(FleetProperties fleet) throws Exception {
        ConfigurationImpl configuration = new ConfigurationImpl();
        configuration.addAcceptorConfiguration("in-vm", "vm://0");
        if (fleet.broker() != null && !fleet.broker().isBlank()) {
            configuration.addAcceptorConfiguration("tcp", fleet.broker());
        }
        configuration.setPersistenceEnabled(false);
        configuration.setSecurityEnabled(false);
        configuration.setJMXManagementEnabled(false);
        return new EmbeddedActiveMQ().setConfiguration(configuration);
    }

    /**
     * Connections to the broker. No consumer window: a worker takes a partition only when it is free to
     * run it, instead of buffering requests that other, idle workers could run. Only Spring Batch's
     * request type is deserialised from object messages.
     */
    @Bean
    ConnectionFactory fleetConnectionFactory(FleetProperties fleet, ObjectProvider<EmbeddedActiveMQ> broker) {
        broker.getIfAvailable();
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(fleet.connectUrl());
        factory.setConsumerWindowSize(0);
        factory.setDeserializationAllowList("org.springframework.batch.integration.partition,java.lang,java.util");
        return factory;
    }
}

package io.a2ebatch;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.PersistenceExceptionTranslationAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;

/**
 * The Spring Boot application behind {@code a2e-batch run}. Started by {@link io.a2ebatch.cli.RunCommand},
 * never with Boot's own job launcher: the command decides whether a run starts, resumes or is
 * already complete.
 *
 * <p>Start-up is most of a small run's overhead (docs/startup.md), so auto-configurations the runner
 * has no use for are left out: no aspects or {@code @Transactional} beans (Spring Batch applies its own
 * transactions), no {@code @Async}/{@code @Scheduled} executors (the engine names its own threads), no
 * SQL initialisation (JobRepositorySchema creates the tables), no JdbcClient, no SSL bundles, no
 * availability probes and no repository exception translation.
 */
@SpringBootApplication(exclude = {
        AopAutoConfiguration.class,
        ApplicationAvailabilityAutoConfiguration.class,
        DataSourceInitializationAutoConfiguration.class,
        JdbcClientAutoConfiguration.class,
        PersistenceExceptionTranslationAutoConfiguration.class,
        SslAutoConfiguration.class,
        TaskExecutionAutoConfiguration.class,
        TaskSchedulingAutoConfiguration.class,
        TransactionAutoConfiguration.class})
@ConfigurationPropertiesScan
public class A2eBatchApplication {

    /**
     * Not the program's entry point ({@link io.a2ebatch.cli.Main} is): the build's Spring AOT processing
     * ({@code spring-boot-maven-plugin:process-aot}) starts the application through this method to
     * record its bean definitions, which the launcher then runs from (docs/startup.md).
     */
    public static void main(String[] args) {
        SpringApplication.run(A2eBatchApplication.class, args);
    }
}

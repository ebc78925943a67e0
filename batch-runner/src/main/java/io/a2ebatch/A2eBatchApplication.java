package io.a2ebatch;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The Spring Boot application behind {@code a2e-batch run}. Started by {@link io.a2ebatch.cli.RunCommand},
 * never with Boot's own job launcher: the command decides whether a run starts, resumes or is
 * already complete.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class A2eBatchApplication {
}

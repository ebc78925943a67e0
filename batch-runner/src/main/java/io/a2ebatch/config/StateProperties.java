package io.a2ebatch.config;

import java.nio.file.Path;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where the run state lives ({@code a2e.state.*}).
 *
 * @param dir directory of the embedded H2 job repository, the run locks and the in-process simulator's
 *            state ({@code --state-dir}); PostgreSQL is used instead when {@code spring.datasource.url}
 *            points at one
 */
@Validated
@ConfigurationProperties("a2e.state")
public record StateProperties(@NotNull Path dir) {
}

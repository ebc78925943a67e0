package io.a2ebatch.contract.target;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import io.a2ebatch.contract.coverage.CoverageReport;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test a {@link Scenario}, closes it after the test and fails the test if any exchange
 * captured in it breaks the contract. Once per test run it also arranges for the coverage table to
 * be written when the run ends.
 */
public final class ContractExtension implements ParameterResolver, AfterEachCallback, BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ContractExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(NAMESPACE).computeIfAbsent(CoverageReport.Writer.class,
                k -> new CoverageReport.Writer(), CoverageReport.Writer.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Scenario.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(NAMESPACE).computeIfAbsent(Scenario.class, k -> {
            try {
                return new Scenario(ContractTarget.current(), Files.createTempDirectory("a2e-contract-"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, Scenario.class);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Scenario scenario = context.getStore(NAMESPACE).remove(Scenario.class, Scenario.class);
        if (scenario == null) {
            return;
        }
        try {
            scenario.close();
            scenario.assertTrafficConforms();
        } finally {
            delete(scenario.dir());
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the scenario directory " + dir, e);
        }
    }
}

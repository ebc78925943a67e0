package io.a2ebatch.cli;

import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * Every {@code a2e.*} property the application binds, read from its {@code @ConfigurationProperties}
 * records (nested records included), with the Java type of each. A property typed on the command line
 * is checked against this set, so {@code --a2e.throttle.rate-limt=3} is an error with a did-you-mean
 * instead of being ignored. Scanned only when a {@code --a2e.*} argument needs it.
 */
public final class ConfigurationKeys {

    private static final String BASE_PACKAGE = "io.a2ebatch";

    private final Map<String, Class<?>> types;

    private ConfigurationKeys(Map<String, Class<?>> types) {
        this.types = types;
    }

    /** The keys of every {@code @ConfigurationProperties} record under {@code io.a2ebatch}, plus the declared options'. */
    public static ConfigurationKeys scan() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        Map<String, Class<?>> types = new TreeMap<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents(BASE_PACKAGE)) {
            Class<?> type = ClassUtils.resolveClassName(candidate.getBeanClassName(), ConfigurationKeys.class.getClassLoader());
            ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
            String prefix = annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
            collect(prefix, type, types);
        }
        for (CliOption option : Options.ALL) {
            option.property().filter(p -> p.startsWith("a2e.")).ifPresent(p -> types.putIfAbsent(p, String.class));
        }
        return new ConfigurationKeys(types);
    }

    private static void collect(String prefix, Class<?> type, Map<String, Class<?>> types) {
        if (!type.isRecord()) {
            return;
        }
        for (RecordComponent component : type.getRecordComponents()) {
            String key = prefix + "." + kebab(component.getName());
            Class<?> componentType = component.getType();
            if (componentType.isRecord()) {
                collect(key, componentType, types);
            } else {
                types.put(key, componentType);
            }
        }
    }

    static String kebab(String camel) {
        StringBuilder sb = new StringBuilder();
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                sb.append('-').append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    public boolean contains(String property) {
        return types.containsKey(property);
    }

    /** The Java type {@code property} binds to, or {@code String} when only an option declares it. */
    public Class<?> type(String property) {
        return types.getOrDefault(property, String.class);
    }

    public Collection<String> names() {
        return types.keySet();
    }

    /** Whether {@code property} is a path (relative paths are resolved once, by the command line). */
    public boolean isPath(String property) {
        return type(property) == Path.class;
    }
}

package io.a2ebatch.contract.validation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import io.a2ebatch.spec.ApiSpec;
import io.a2ebatch.spec.family.Endpoint;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.TaskFamily;

/**
 * Finds the spec operation a request addresses ({@code GET /api/v1/userImage2Video/allRecords} is
 * the list operation, not a detail read of a task called "allRecords": a literal segment wins over
 * a path parameter) and what a task family does with it.
 */
public final class OperationIndex {

    /** What a task family uses an operation for. */
    public enum Role {
        START, DETAIL, BATCH_DETAIL, LIST, DELETE
    }

    /**
     * One operation of the spec.
     *
     * @param label       {@code POST /api/v1/klingVideo/start}
     * @param operationId the spec's operationId
     * @param family      the task family using it, or {@code null}
     * @param role        what the family uses it for, or {@code null}
     * @param declaresRequestBody whether the spec describes a request body
     * @param describedStatuses   the response statuses for which the spec describes a body ({@code 200},
     *                            {@code 401} ...)
     */
    public record SpecOperation(String label, String operationId, TaskFamily family, Role role,
                                boolean declaresRequestBody, Set<String> describedStatuses) {

        public String method() {
            return label.substring(0, label.indexOf(' '));
        }

        public String pathTemplate() {
            return label.substring(label.indexOf(' ') + 1);
        }
    }

    private record Template(String method, Pattern pattern, int literalSegments, SpecOperation operation) {
    }

    private final List<SpecOperation> operations = new ArrayList<>();
    private final List<Template> templates = new ArrayList<>();

    public OperationIndex(ApiSpec spec, FamilyCatalog catalog) {
        Map<String, TaskFamily> familyOf = new HashMap<>();
        Map<String, Role> roleOf = new HashMap<>();
        for (TaskFamily family : catalog.families()) {
            register(familyOf, roleOf, family, family.start(), Role.START);
            register(familyOf, roleOf, family, family.detail(), Role.DETAIL);
            family.batchDetail().ifPresent(e -> register(familyOf, roleOf, family, e, Role.BATCH_DETAIL));
            family.list().ifPresent(e -> register(familyOf, roleOf, family, e, Role.LIST));
            family.delete().ifPresent(e -> register(familyOf, roleOf, family, e, Role.DELETE));
        }
        for (ApiSpec.Operation op : spec.operations()) {
            String label = op.label();
            SpecOperation operation = new SpecOperation(label, op.operationId(), familyOf.get(label), roleOf.get(label),
                    op.node().has("requestBody"), describedStatuses(op));
            operations.add(operation);
            StringBuilder regex = new StringBuilder("^");
            int literal = 0;
            for (String segment : op.path().substring(1).split("/", -1)) {
                regex.append('/');
                if (segment.startsWith("{") && segment.endsWith("}")) {
                    regex.append("[^/]+");
                } else {
                    regex.append(Pattern.quote(segment));
                    literal++;
                }
            }
            templates.add(new Template(op.method().toUpperCase(Locale.ROOT), Pattern.compile(regex.append('$').toString()),
                    literal, operation));
        }
        templates.sort(Comparator.comparingInt(Template::literalSegments).reversed());
    }

    private static Set<String> describedStatuses(ApiSpec.Operation op) {
        Set<String> described = new HashSet<>();
        for (var response : op.node().path("responses").properties()) {
            if (!response.getValue().path("content").isEmpty()) {
                described.add(response.getKey());
            }
        }
        return Set.copyOf(described);
    }

    private static void register(Map<String, TaskFamily> familyOf, Map<String, Role> roleOf, TaskFamily family,
                                 Endpoint endpoint, Role role) {
        familyOf.put(endpoint.label(), family);
        roleOf.put(endpoint.label(), role);
    }

    /** Every operation of the spec, in document order. */
    public List<SpecOperation> operations() {
        return List.copyOf(operations);
    }

    /** The operation {@code method} and {@code path} (no query) address, if the spec has one. */
    public Optional<SpecOperation> resolve(String method, String path) {
        String m = method.toUpperCase(Locale.ROOT);
        String normalised = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        for (Template t : templates) {
            if (t.method().equals(m) && t.pattern().matcher(normalised).matches()) {
                return Optional.of(t.operation());
            }
        }
        return Optional.empty();
    }
}

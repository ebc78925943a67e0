package io.a2ebatch.simulator.internal.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import io.a2ebatch.simulator.SimulatorOperation;
import io.a2ebatch.simulator.internal.http.ApiRequest;
import io.a2ebatch.spec.ApiSpec;
import io.a2ebatch.spec.family.Endpoint;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.Provider;
import io.a2ebatch.spec.family.TaskFamily;

/**
 * Maps a request's method and path to an operation of a provider's OpenAPI document: a family's start,
 * detail, batchDetail, list or delete, or one of the document's other operations, which the simulator
 * does not model. Built from the family catalogue and each of its providers' documents only; a literal
 * path segment wins over a parameter ({@code /allRecords} over {@code /{_id}}).
 */
public final class Routes {

    /**
     * An operation of the spec.
     *
     * @param operation what the simulator does with it ({@link SimulatorOperation#OTHER}: not modelled)
     * @param family    the task family, or {@code null}
     * @param label     {@code METHOD /path/template}
     * @param provider  the provider whose document has the operation
     * @param queryId   the query parameter carrying the task id (Aleph's record-info {@code taskId}), or
     *                  {@code null} when the id is in the path or there is none
     */
    public record Route(SimulatorOperation operation, TaskFamily family, String label, Provider provider,
                        String queryId) {
    }

    /**
     * A resolved request.
     *
     * @param route the operation
     * @param id    the decoded path parameter ({@code _id} / {@code id}), or {@code null}; see {@link #taskId}
     */
    public record Match(Route route, String id) {

        /** The task id the request names: in the path, or in the route's query parameter. */
        public String taskId(ApiRequest request) {
            return route.queryId() == null ? id : request.query().get(route.queryId());
        }
    }

    private record Template(String[] segments, int idIndex, Route route) {

        String idIfMatches(String[] path) {
            if (path.length != segments.length) {
                return null;
            }
            for (int i = 0; i < segments.length; i++) {
                if (i != idIndex && !segments[i].equals(path[i])) {
                    return null;
                }
            }
            return ApiRequest.decodeSegment(path[idIndex]);
        }
    }

    private final Map<String, Route> literal = new HashMap<>();
    private final Map<String, List<Template>> parameterised = new HashMap<>();
    private final Map<String, TreeSet<String>> methodsByPath = new HashMap<>();
    private final Map<String, Provider> providerByPrefix = new HashMap<>();
    private final Provider firstProvider;

    /**
     * Routes of every operation of each provider's document, the families of {@code catalog} modelled.
     */
    public Routes(FamilyCatalog catalog) {
        this.firstProvider = catalog.providers().get(0);
        Map<String, Route> familyRoutes = new HashMap<>();
        for (TaskFamily family : catalog.families()) {
            put(familyRoutes, family.start(), SimulatorOperation.START, family);
            put(familyRoutes, family.detail(), SimulatorOperation.DETAIL, family);
            family.batchDetail().ifPresent(e -> put(familyRoutes, e, SimulatorOperation.BATCH_DETAIL, family));
            family.list().ifPresent(e -> put(familyRoutes, e, SimulatorOperation.LIST, family));
            family.delete().ifPresent(e -> put(familyRoutes, e, SimulatorOperation.DELETE, family));
        }
        for (Provider provider : catalog.providers()) {
            for (ApiSpec.Operation op : ApiSpec.bundled(provider.specResource()).operations()) {
                String label = op.label();
                Route route = familyRoutes.getOrDefault(label,
                        new Route(SimulatorOperation.OTHER, null, label, provider, null));
                add(op.method().toUpperCase(Locale.ROOT), op.path(), route);
                providerByPrefix.putIfAbsent(prefix(op.path().split("/", -1)), provider);
            }
        }
    }

    private static void put(Map<String, Route> routes, Endpoint endpoint, SimulatorOperation operation, TaskFamily family) {
        String queryId = endpoint.idParameter() != null && !endpoint.pathTemplate().contains("{" + endpoint.idParameter() + "}")
                ? endpoint.idParameter() : null;
        routes.put(endpoint.label(), new Route(operation, family, endpoint.label(), family.provider(), queryId));
    }

    /**
     * The provider a path belongs to, for answering a request no route matches in that provider's
     * envelope: the one whose document has paths under the same {@code /api/v1/<segment>}; the first
     * provider otherwise.
     */
    public Provider providerFor(String path) {
        return providerByPrefix.getOrDefault(prefix(path.split("/", -1)), firstProvider);
    }

    private static String prefix(String[] segments) {
        return segments.length > 3 ? segments[1] + "/" + segments[2] + "/" + segments[3] : "";
    }

    private void add(String method, String pathTemplate, Route route) {
        String[] segments = pathTemplate.split("/", -1);
        int idIndex = -1;
        for (int i = 0; i < segments.length; i++) {
            if (segments[i].startsWith("{") && segments[i].endsWith("}")) {
                idIndex = i;
            }
        }
        String shape = shapeOf(segments, idIndex);
        methodsByPath.computeIfAbsent(shape, k -> new TreeSet<>()).add(method);
        if (idIndex < 0) {
            literal.putIfAbsent(method + " " + pathTemplate, route);
        } else {
            parameterised.computeIfAbsent(method + " " + bucket(segments), k -> new ArrayList<>())
                    .add(new Template(segments, idIndex, route));
        }
    }

    /** The operation at {@code method} and {@code path}, if the spec has one. */
    public Optional<Match> resolve(String method, String path) {
        Route exact = literal.get(method + " " + path);
        if (exact != null) {
            return Optional.of(new Match(exact, null));
        }
        String[] segments = path.split("/", -1);
        List<Template> candidates = parameterised.get(method + " " + bucket(segments));
        if (candidates != null) {
            for (Template t : candidates) {
                String id = t.idIfMatches(segments);
                if (id != null) {
                    return Optional.of(new Match(t.route(), id));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The methods the spec has for {@code path} (for a 405), empty when the path is unknown; a path
     * the spec names literally ({@code .../start}) reports only its own methods.
     */
    public List<String> methodsFor(String path) {
        String[] segments = path.split("/", -1);
        TreeSet<String> literalMethods = methodsByPath.get(shapeOf(segments, -1));
        if (literalMethods != null) {
            return List.copyOf(literalMethods);
        }
        TreeSet<String> methods = new TreeSet<>();
        for (var entry : methodsByPath.entrySet()) {
            if (matchesShape(entry.getKey(), segments)) {
                methods.addAll(entry.getValue());
            }
        }
        return List.copyOf(methods);
    }

    private static String bucket(String[] segments) {
        return segments.length + ":" + (segments.length > 3 ? segments[3] : "");
    }

    private static String shapeOf(String[] segments, int idIndex) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < segments.length; i++) {
            sb.append('/').append(i == idIndex ? "*" : segments[i]);
        }
        return sb.toString();
    }

    private static boolean matchesShape(String shape, String[] path) {
        String[] parts = shape.split("/", -1);
        if (parts.length != path.length) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            if (!parts[i].equals("*") && !parts[i].equals(path[i])) {
                return false;
            }
        }
        return true;
    }
}

package io.a2ebatch.contract.coverage;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.a2ebatch.contract.capture.CapturedTraffic;
import io.a2ebatch.contract.capture.Interaction;
import io.a2ebatch.contract.capture.SimulatorCapture;
import io.a2ebatch.contract.target.ContractTarget;
import io.a2ebatch.contract.validation.ContractValidator;
import io.a2ebatch.contract.validation.OperationIndex;
import io.a2ebatch.simulator.A2eSimulator;
import io.a2ebatch.simulator.SimulatorOperation;
import io.a2ebatch.spec.SpecJson;

/**
 * Asks a fresh in-process simulator about every operation of the spec: one authenticated request
 * each (path parameters filled with an id nobody has, {@code {}} as the body where the operation
 * takes one), and notes how the simulator routed it and what it answered. Whether the simulator
 * implements an operation is derived from that, never written down by hand.
 */
public final class SimulatorProbe {

    /** Stands in for every path parameter: well-formed, and no task has it. */
    static final String UNKNOWN_ID = "000000000000000000000000";

    private static volatile Result bundled;

    /**
     * What the simulator did with one operation.
     *
     * @param operation the spec operation
     * @param routedAs  what the simulator took the request for ({@link SimulatorOperation#OTHER}: not modelled)
     * @param status    its answer's status
     * @param code      the {@code code} of its answer's body, empty if none
     */
    public record Finding(OperationIndex.SpecOperation operation, SimulatorOperation routedAs, int status, String code) {

        /** Routed to a task operation the simulator models, and not refused as not simulated. */
        public boolean implemented() {
            return routedAs != SimulatorOperation.OTHER && status != 501;
        }

        /** Answered 501 {@code NOT_SIMULATED}, as the simulator does for the spec's other operations. */
        public boolean notSimulated() {
            return routedAs == SimulatorOperation.OTHER && status == 501 && "NOT_SIMULATED".equals(code);
        }

        /** {@code start (400 INVALID_REQUEST)}, {@code not simulated (501)} ... */
        public String describe() {
            if (implemented()) {
                return routedAs.wireName() + " (" + status + (code.isEmpty() || code.equals("0") ? "" : " " + code) + ")";
            }
            return notSimulated() ? "not simulated (501)" : "unexpected: " + routedAs.wireName() + ", " + status + " " + code;
        }
    }

    /**
     * A probe of every operation.
     *
     * @param findings one per operation, in spec order
     * @param traffic  the probe's exchanges, to be held to the contract like any other
     */
    public record Result(List<Finding> findings, List<Interaction> traffic) {
    }

    private SimulatorProbe() {
    }

    /** The probe of the bundled spec against the bundled simulator; run once per JVM. */
    public static Result bundled() {
        Result result = bundled;
        if (result == null) {
            synchronized (SimulatorProbe.class) {
                result = bundled;
                if (result == null) {
                    result = run(ContractValidator.bundled().operations());
                    bundled = result;
                }
            }
        }
        return result;
    }

    static Result run(OperationIndex index) {
        CapturedTraffic traffic = CapturedTraffic.forScenario();
        Map<String, SimulatorOperation> routed = new ConcurrentHashMap<>();
        String token = ContractTarget.SIMULATOR_TOKEN;
        List<Finding> findings = new ArrayList<>();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        try (A2eSimulator simulator = A2eSimulator.builder().tokens(token).seed(1)
                .listener(new SimulatorCapture(traffic))
                .listener(e -> routed.put(e.method() + " " + Interaction.splitUrl(e.url())[0], e.operation()))
                .start()) {
            for (OperationIndex.SpecOperation op : index.operations()) {
                String path = op.pathTemplate().replaceAll("\\{[^/}]+}", UNKNOWN_ID);
                boolean withBody = op.method().equals("POST") || op.method().equals("PUT") || op.method().equals("PATCH");
                HttpRequest request = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path))
                        .timeout(Duration.ofSeconds(10))
                        .header("Authorization", "Bearer " + token)
                        .header("User-Agent", Interaction.PROBE_USER_AGENT)
                        .header("Content-Type", "application/json")
                        .method(op.method(), withBody ? HttpRequest.BodyPublishers.ofString("{}")
                                : HttpRequest.BodyPublishers.noBody())
                        .build();
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                String code = SpecJson.MAPPER.readTree(response.body()).path("code").asString("");
                findings.add(new Finding(op, routed.getOrDefault(op.method() + " " + path, SimulatorOperation.OTHER),
                        response.statusCode(), code));
            }
        } catch (IOException e) {
            throw new IllegalStateException("The coverage probe could not reach the simulator: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while probing the simulator", e);
        }
        return new Result(List.copyOf(findings), traffic.all());
    }
}

package io.a2ebatch.simulator;

import java.time.Instant;
import java.util.Map;

/**
 * What a simulator has seen and holds, as {@code GET /__a2e/stats} returns it (as JSON: {@code StatsJson} in the inspection API).
 * Counters run from the start or the last {@code reset}; requests to the inspection API are counted
 * only in {@code adminRequests}. Accounts are named by their masked token.
 *
 * @param startedAt                  when the simulator (or the last reset) started counting
 * @param seed                       the seed in use, to repeat a run
 * @param requestsTotal              API, result-file and unknown-path requests answered or dropped
 * @param requestsByOperation        those requests by operation wire name ({@code start}, {@code detail} ...)
 * @param responsesByStatus          those requests by status as the provider means it (the HTTP status, or
 *                                   the body's code of a provider that answers HTTP 200 with the status
 *                                   in the body); 0 counts dropped connections
 * @param rateLimited                429 answers sent
 * @param errorsInjected             injected 500/503 responses
 * @param faultsInjected             injected dropped connections
 * @param injectedOnStartTaskCreated injected failures of start requests whose task was created anyway
 * @param injectedOnStartNoTask      injected failures of start requests that created nothing
 * @param tasksCreated               tasks created, deleted ones included
 * @param tasksDeleted               tasks deleted
 * @param tasksByName                tasks created by task name ({@code ""} for unnamed)
 * @param tasksByState               live tasks by current status
 * @param tasksByFamily              tasks created by family
 * @param credits                    balance by masked account
 * @param adminRequests              requests to {@code /__a2e/...}
 * @param listenerErrors             exceptions thrown by exchange listeners
 * @param files                      what the result-file host served ({@link FileHostStats#NONE} without one)
 * @param callbacks                  callbacks sent, failed, retried, dropped and duplicated
 */
public record SimulatorStats(Instant startedAt, long seed, long requestsTotal, Map<String, Long> requestsByOperation,
                             Map<Integer, Long> responsesByStatus, long rateLimited, long errorsInjected,
                             long faultsInjected, long injectedOnStartTaskCreated, long injectedOnStartNoTask,
                             long tasksCreated, long tasksDeleted, Map<String, Long> tasksByName,
                             Map<String, Long> tasksByState, Map<String, Long> tasksByFamily,
                             Map<String, Long> credits, long adminRequests, long listenerErrors,
                             FileHostStats files, CallbackStats callbacks) {

    public SimulatorStats {
        requestsByOperation = Map.copyOf(requestsByOperation);
        responsesByStatus = Map.copyOf(responsesByStatus);
        tasksByName = Map.copyOf(tasksByName);
        tasksByState = Map.copyOf(tasksByState);
        tasksByFamily = Map.copyOf(tasksByFamily);
        credits = Map.copyOf(credits);
    }

    /** Requests of one operation. */
    public long requests(SimulatorOperation operation) {
        return requestsByOperation.getOrDefault(operation.wireName(), 0L);
    }

    /** Responses with one HTTP status (0: dropped connections). */
    public long responses(int status) {
        return responsesByStatus.getOrDefault(status, 0L);
    }

    /** Tasks created with this name. */
    public long tasksNamed(String name) {
        return tasksByName.getOrDefault(name, 0L);
    }
}


package io.a2ebatch.job;

import java.util.List;

import io.a2ebatch.client.A2eApiException;
import io.a2ebatch.client.AuthenticationException;
import io.a2ebatch.client.InsufficientCreditsException;
import io.a2ebatch.config.ReconcileProperties;
import io.a2ebatch.ledger.Ledger;
import io.a2ebatch.ledger.Plan;
import io.a2ebatch.report.PlanReport;
import io.a2ebatch.run.RunControl;
import io.a2ebatch.run.RunPass;
import io.a2ebatch.run.StopReason;
import io.a2ebatch.submit.Reconciler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The plan step, between ingest and execute: on a run the job repository did not know, first adopts
 * the tasks A2E already has for it ({@link Reconciler}); then prints the plan. Runs again on every
 * resumption, so the plan is always printed before anything is sent.
 */
public class PlanTasklet implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(PlanTasklet.class);

    private final Ledger ledger;
    private final Reconciler reconciler;
    private final ReconcileProperties reconcile;
    private final CurrentRun run;
    private final RunControl control;

    public PlanTasklet(Ledger ledger, Reconciler reconciler, ReconcileProperties reconcile, CurrentRun run,
                       RunControl control) {
        this.ledger = ledger;
        this.reconciler = reconciler;
        this.reconcile = reconcile;
        this.run = run;
        this.control = control;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        RunPass pass = run.pass();
        PlanReport.Reconcile reconciled = null;
        if (ledger.run(pass.runName()).orElseThrow().reconcilePending()) {
            if (reconcile.enabled()) {
                log.info("The job repository does not know this run: looking for its tasks at A2E first (the last {})",
                        reconcile.since());
                Reconciler.Result r;
                try {
                    r = reconciler.reconcile(pass, reconcile.since());
                } catch (A2eApiException e) {
                    // Sending without knowing what A2E has could pay twice: stop, and reconcile on the next run.
                    StopReason reason = e instanceof AuthenticationException ? StopReason.AUTH_REJECTED
                            : e instanceof InsufficientCreditsException ? StopReason.CREDITS_EXHAUSTED
                            : StopReason.UNRESOLVED_IN_DOUBT;
                    control.requestStop(reason, "A2E's task lists could not be read to find this run's existing"
                            + " tasks (" + e.getMessage() + "); nothing was sent. Run again to retry, or pass"
                            + " --no-reconcile to skip the look-up");
                    StepExecution step = chunkContext.getStepContext().getStepExecution();
                    step.setTerminateOnly();
                    contribution.setExitStatus(new ExitStatus(ExitStatus.STOPPED.getExitCode(), reason.name()));
                    return RepeatStatus.FINISHED;
                }
                reconciled = new PlanReport.Reconcile(r.pages(), r.tasksRead(), r.adopted(), r.unlisted(), false);
            } else {
                reconciled = new PlanReport.Reconcile(0, 0, 0, List.of(), true);
            }
            ledger.reconcileDone(pass.lease());
        }
        PlanReport plan = report(ledger, pass, run.identity().tag(), reconciled);
        run.plan(plan);
        log.info("{}", plan.format().stripTrailing());
        return RepeatStatus.FINISHED;
    }

    /** The plan of {@code pass} as the ledger records it. */
    static PlanReport report(Ledger ledger, RunPass pass, String tag, PlanReport.Reconcile reconciled) {
        return new PlanReport(pass.runName(), tag, pass.pass(), ledger.planCounts(pass),
                ledger.planned(pass, Plan.CHANGED_HELD, PlanReport.SAMPLE), ledger.missingCount(pass),
                ledger.missingKeys(pass, PlanReport.SAMPLE), ledger.rejectCount(pass), reconciled);
    }
}

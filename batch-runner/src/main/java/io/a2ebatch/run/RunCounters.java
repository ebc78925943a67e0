package io.a2ebatch.run;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Live counts of a run for progress and the summary. The ledger is the truth; these start from its
 * counts when a run resumes and move with every transition.
 */
public final class RunCounters {

    public final AtomicLong total = new AtomicLong();
    public final AtomicLong submittedThisRun = new AtomicLong();
    public final AtomicLong completed = new AtomicLong();
    public final AtomicLong failed = new AtomicLong();
    public final AtomicLong timedOut = new AtomicLong();
    /** Rows in doubt whose task a look-up or a callback found (this process). */
    public final AtomicLong inDoubtResolved = new AtomicLong();
    /** Rows in doubt sent again because the user said so ({@code --resend-in-doubt}). */
    public final AtomicLong inDoubtResent = new AtomicLong();
    /** Callbacks accepted (a row of this run, correctly signed), duplicates included. */
    public final AtomicLong callbacksAccepted = new AtomicLong();
    /** Accepted callbacks about a task already final or already settled: nothing more to do. */
    public final AtomicLong callbacksDuplicate = new AtomicLong();
    /** Callbacks refused: wrong signature (403), another run's or no row's (404), unreadable (400). */
    public final AtomicLong callbacksRefused = new AtomicLong();

    /** Rows that reached a final state, this run or before. */
    public long done() {
        return completed.get() + failed.get() + timedOut.get();
    }
}

package io.a2ebatch.job;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

import io.a2ebatch.config.LeaseProperties;
import io.a2ebatch.lease.LeaseKeeper;
import io.a2ebatch.lease.OwnerFile;
import io.a2ebatch.lease.RunLeases;
import io.a2ebatch.run.LeaseToken;
import io.a2ebatch.run.RunControl;
import io.a2ebatch.run.RunIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Takes a run's lease for {@code run} and {@code download}: at once if it is free or expired;
 * otherwise refuses, naming the owner ({@link RunOwnedException}, exit 2), or with
 * {@code --wait-for-owner} waits for it. With an embedded job repository the owner is also written to
 * the run's owner file, which a second process reads when it finds the database locked.
 */
@Component
public class RunLeaseTaker {

    private static final Logger log = LoggerFactory.getLogger(RunLeaseTaker.class);

    private final RunLeases leases;
    private final LeaseProperties lease;
    private final RunControl control;
    private final Clock clock;
    private final String databaseUrl;

    public RunLeaseTaker(RunLeases leases, LeaseProperties lease, RunControl control, Clock clock,
                         @Value("${spring.datasource.url:}") String databaseUrl) {
        this.leases = leases;
        this.lease = lease;
        this.control = control;
        this.clock = clock;
        this.databaseUrl = databaseUrl;
    }

    /**
     * Takes the run's lease and keeps renewing it until the keeper is closed; empty if the run was
     * stopped while waiting for its owner.
     *
     * @throws RunOwnedException if another live process owns the run and {@code --wait-for-owner} is off
     */
    public Optional<LeaseKeeper> take(RunIdentity identity) throws InterruptedException {
        boolean announced = false;
        while (true) {
            long before = System.nanoTime();
            Optional<LeaseToken> token = leases.tryAcquire(identity.name());
            if (token.isPresent()) {
                embeddedDatabaseDir().ifPresent(dir -> OwnerFile.write(OwnerFile.in(dir), leases.host(),
                        clock.instant()));
                return Optional.of(LeaseKeeper.start(leases, token.get(), before, lease.heartbeat(), control));
            }
            Optional<RunLeases.Owner> owner = leases.owner(identity.name());
            if (owner.isPresent()) {
                String who = owner.get().describe();
                if (!lease.waitForOwner()) {
                    throw new RunOwnedException(identity.name(), who);
                }
                if (!announced) {
                    announced = true;
                    log.warn("Waiting for the run {} to be free: it is owned by {} (--wait-for-owner)",
                            identity.name(), who);
                }
            }
            if (control.stopping()) {
                return Optional.empty();
            }
            Thread.sleep(owner.isPresent() ? lease.heartbeat().toMillis() : 10);
        }
    }

    /** The directory of the embedded H2 database, if the job repository is one. */
    private Optional<Path> embeddedDatabaseDir() {
        String prefix = "jdbc:h2:file:";
        if (!databaseUrl.startsWith(prefix)) {
            return Optional.empty();
        }
        int options = databaseUrl.indexOf(';');
        Path file = Path.of(databaseUrl.substring(prefix.length(), options < 0 ? databaseUrl.length() : options));
        return Optional.ofNullable(file.toAbsolutePath().getParent());
    }
}

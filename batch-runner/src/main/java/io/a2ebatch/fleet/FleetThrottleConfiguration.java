package io.a2ebatch.fleet;

import java.net.URI;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Semaphore;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import io.a2ebatch.config.ThrottleProperties;
import io.a2ebatch.run.RunSettings;
import io.a2ebatch.throttle.PermitsDecorator;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.throttle.Ticker;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One rate limit for a whole fleet on PostgreSQL: every process of a fleet (manager and workers) takes
 * each permit from one token bucket per A2E account in the job repository (Bucket4j's PostgreSQL
 * integration, {@code SELECT ... FOR UPDATE} on the bucket's row), at {@code --rate-limit}, which is
 * then the fleet's rate, and a {@code 429} any of them sees pauses them all ({@link FleetPauses}).
 * Each provider has its bucket (A2E at {@code --rate-limit}, the others at
 * {@code a2e.providers.<id>.rate-limit}), keyed by the provider and its API base URL: fleets of different accounts on one job repository and one API
 * share a bucket, which errs on the safe side.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("(" + FleetBrokerConfiguration.ACTIVE + ")"
        + " and '${spring.datasource.url:}'.startsWith('jdbc:postgresql:')")
public class FleetThrottleConfiguration {

    /** This process's fleet permits, whose rates a run's manager sets. */
    @Bean
    FleetRates fleetRates() {
        return new FleetRates();
    }

    @Bean
    PermitsDecorator fleetPermits(DataSource dataSource, JdbcTemplate jdbcTemplate, ThrottleProperties throttle,
                                  RunSettings ownRunSettings, FleetRates fleetRates) {
        ProxyManager<String> buckets = buckets(dataSource, TimeMeter.SYSTEM_MILLISECONDS);
        String a2e = FamilyCatalog.everyProvider().providers().get(0).id();
        Semaphore reservers = reservers(dataSource);
        return (provider, local) -> {
            // A2E keeps the account key "a2e <base URL>"; every other provider has a bucket of its own,
            // keyed by its id and base URL, at its own rate (a2e.providers.<id>.rate-limit).
            URI baseUrl = ownRunSettings.baseUrls().get(provider.id());
            String account = (provider.id().equals(a2e) ? "a2e" : provider.id()) + " " + baseUrl;
            SharedPermits permits = new SharedPermits(local, ownRunSettings.rateLimits().get(provider.id()),
                    throttle.burst(), rate -> buckets.builder().build(account, () -> bucket(rate, throttle.burst())),
                    new FleetPauses(jdbcTemplate, account, Ticker.SYSTEM), reservers);
            fleetRates.register(provider.id(), permits);
            return permits;
        };
    }

    /**
     * The buckets in {@code A2E_FLEET_BUCKET}. Bucket4j computes refills with the caller's {@code clock}
     * (the machines of a fleet must keep their clocks in step, as NTP does: a machine 10 ms ahead gets
     * 10 ms of refill early).
     */
    public static ProxyManager<String> buckets(DataSource dataSource, TimeMeter clock) {
        return Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("A2E_FLEET_BUCKET").idColumn("ID").stateColumn("STATE")
                .clientClock(clock)
                .build();
    }

    /**
     * How many of a process's permit takers may be in the job repository at once, every provider's
     * together: a quarter of the connection pool ({@code spring.datasource.hikari.maximum-pool-size}), at
     * least one, so that takers queued on the bucket's row lock behind another process leave the ledger
     * and the lease most of the connections. Four at the default 16 keep the bucket's throughput (it
     * gave about 930 permits/s to 4 callers against 195 to one, README "Measured").
     */
    public static Semaphore reservers(DataSource dataSource) {
        int pool = 0;
        try {
            if (dataSource.isWrapperFor(HikariDataSource.class)) {
                pool = dataSource.unwrap(HikariDataSource.class).getMaximumPoolSize();
            }
        } catch (SQLException e) {
            // Not a pool this can size itself by: one taker at a time is always safe.
        }
        return new Semaphore(Math.max(1, pool / 4), true);
    }

    /**
     * {@code rate} permits a second, refilled greedily (a permit as soon as it is due, not a second's
     * worth at once), holding at most {@code burst}. Whole permits per period: 0.5/s is 1 every 2 s.
     */
    public static BucketConfiguration bucket(double rate, int burst) {
        long tokens = Math.max(1, Math.round(rate));
        Duration period = Duration.ofNanos(Math.round(tokens / rate * 1_000_000_000L));
        return BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(Math.max(1, burst)).refillGreedy(tokens, period).build())
                .build();
    }
}

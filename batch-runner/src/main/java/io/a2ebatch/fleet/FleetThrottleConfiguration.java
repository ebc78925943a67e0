package io.a2ebatch.fleet;

import java.time.Duration;

import javax.sql.DataSource;

import io.a2ebatch.config.ApiProperties;
import io.a2ebatch.config.ThrottleProperties;
import io.a2ebatch.throttle.PermitsDecorator;
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
 * The account is the API base URL: fleets of different accounts on one job repository and one API
 * share a bucket, which errs on the safe side.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("(" + FleetBrokerConfiguration.ACTIVE + ")"
        + " and '${spring.datasource.url:}'.startsWith('jdbc:postgresql:')")
public class FleetThrottleConfiguration {

    @Bean
    PermitsDecorator fleetPermits(DataSource dataSource, JdbcTemplate jdbcTemplate, ThrottleProperties throttle,
                                  ApiProperties api) {
        String account = "a2e " + api.baseUrl();
        ProxyManager<String> buckets = buckets(dataSource, TimeMeter.SYSTEM_MILLISECONDS);
        BucketConfiguration configuration = bucket(throttle.rateLimit(), throttle.burst());
        return local -> new SharedPermits(local, buckets.builder().build(account, () -> configuration),
                new FleetPauses(jdbcTemplate, account, Ticker.SYSTEM));
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

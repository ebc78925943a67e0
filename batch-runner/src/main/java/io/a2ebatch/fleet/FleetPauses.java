package io.a2ebatch.fleet;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import io.a2ebatch.throttle.RateLimiter;
import io.a2ebatch.throttle.Ticker;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The time until which an account's fleet is paused, in the job repository ({@code A2E_FLEET_PAUSE}):
 * a worker that gets a {@code 429 Retry-After} writes it (never shortening a longer pause), and every
 * worker reads it at most every {@link #REFRESH} before taking a permit and pauses its own limiter for
 * what remains. Times are the database's, so machines whose clocks differ agree.
 */
final class FleetPauses {

    /** How stale a worker's view of the fleet's pause may be (one query per worker per this, at most). */
    static final Duration REFRESH = Duration.ofMillis(250);

    private final JdbcTemplate jdbc;
    private final String account;
    private final Ticker ticker;
    private long readAt;
    private boolean everRead;

    FleetPauses(JdbcTemplate jdbc, String account, Ticker ticker) {
        this.jdbc = jdbc;
        this.account = account;
        this.ticker = ticker;
    }

    /** Pauses the whole fleet of the account for {@code duration} from now (by the database's clock). */
    void publish(Duration duration) {
        String until = String.format(Locale.ROOT, "CURRENT_TIMESTAMP + INTERVAL '%.3f' SECOND",
                duration.toMillis() / 1000.0);
        jdbc.update("INSERT INTO A2E_FLEET_PAUSE (ACCOUNT, PAUSED_UNTIL) VALUES (?, " + until + ")"
                + " ON CONFLICT (ACCOUNT) DO UPDATE SET PAUSED_UNTIL = GREATEST(A2E_FLEET_PAUSE.PAUSED_UNTIL,"
                + " EXCLUDED.PAUSED_UNTIL)", account);
        synchronized (this) {
            everRead = false; // the next permit reads it back at once
        }
    }

    /** What remains of the fleet's pause, read now. */
    Duration remaining() {
        List<Double> seconds = jdbc.queryForList("SELECT EXTRACT(EPOCH FROM (PAUSED_UNTIL - CURRENT_TIMESTAMP))"
                + " FROM A2E_FLEET_PAUSE WHERE ACCOUNT = ?", Double.class, account);
        double left = seconds.isEmpty() || seconds.get(0) == null ? 0 : seconds.get(0);
        return left <= 0 ? Duration.ZERO : Duration.ofMillis((long) Math.ceil(left * 1000));
    }

    /** Pauses {@code local} for what remains of the fleet's pause, reading it at most every {@link #REFRESH}. */
    void applyTo(RateLimiter local) {
        synchronized (this) {
            long now = ticker.nanoTime();
            if (everRead && now - readAt < REFRESH.toNanos()) {
                return;
            }
            everRead = true;
            readAt = now;
        }
        Duration left = remaining();
        if (!left.isZero()) {
            local.pauseFor(left);
        }
    }
}

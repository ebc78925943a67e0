package io.a2ebatch.throttle;

import java.util.Random;

import io.a2ebatch.config.ThrottleProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The rate limiter shared by every request of the run, and the backoff policy. */
@Configuration(proxyBeanMethods = false)
public class ThrottleConfiguration {

    @Bean
    RateLimiter rateLimiter(ThrottleProperties props) {
        return new RateLimiter(new RateLimiterConfig(props.rateLimit(), props.burst()), Ticker.SYSTEM);
    }

    @Bean
    Backoff backoff(ThrottleProperties props) {
        ThrottleProperties.Retry retry = props.retry();
        return new Backoff(retry.initial(), retry.multiplier(), retry.max(), retry.maxAttempts());
    }

    /** This process's limiter, or the fleet's around it when a fleet shares its limits. */
    @Bean
    RequestGate requestGate(RateLimiter limiter, Backoff backoff, ObjectProvider<PermitsDecorator> fleet) {
        Permits permits = fleet.getIfAvailable() == null ? limiter : fleet.getObject().around(limiter);
        return new RequestGate(permits, backoff, Ticker.SYSTEM, new Random());
    }
}

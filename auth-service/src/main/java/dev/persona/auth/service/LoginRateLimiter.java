package dev.persona.auth.service;

import dev.persona.auth.config.AuthConfig;
import dev.persona.common.problem.ApiException;
import dev.persona.common.problem.ErrorCodes;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Slows password guessing: every login attempt spends a token from the account's bucket and from the client
 * address's bucket. Buckets live in this instance; behind several instances the limit applies per instance.
 */
@ApplicationScoped
public class LoginRateLimiter {

    @Inject
    AuthConfig config;

    private final Map<String, Bucket> accounts = new ConcurrentHashMap<>();
    private final Map<String, Bucket> addresses = new ConcurrentHashMap<>();

    public void acquire(String email, String address) {
        AuthConfig.RateLimit limit = config.loginRateLimit();
        take(addresses, address, limit.perAddress(), "this address");
        take(accounts, email, limit.perAccount(), "this account");
    }

    private void take(Map<String, Bucket> buckets, String key, int capacity, String who) {
        Bucket bucket = buckets.computeIfAbsent(key, k -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(capacity)
                        .refillIntervally(capacity, config.loginRateLimit().window()).build())
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long seconds = TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill()) + 1;
            throw ApiException.tooManyRequests(ErrorCodes.RATE_LIMITED,
                    "Too many login attempts for " + who + "; try again in " + seconds + " s.", seconds);
        }
    }

    /** Drops buckets that have refilled completely, so idle keys do not accumulate. */
    @Scheduled(every = "10m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void evictIdle() {
        accounts.values().removeIf(b -> b.getAvailableTokens() >= config.loginRateLimit().perAccount());
        addresses.values().removeIf(b -> b.getAvailableTokens() >= config.loginRateLimit().perAddress());
    }
}

package dev.persona.chat.service.limits;

import dev.persona.chat.config.ChatConfig;
import dev.persona.common.problem.ApiException;
import dev.persona.common.problem.ErrorCodes;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Per-user limits on chat requests: a short-window rate (bursts) and a daily quota (cost), both token buckets.
 * Buckets live in this instance; behind several instances each enforces its own share.
 */
@ApplicationScoped
public class ChatRateLimiter {

    @Inject
    ChatConfig config;

    private final Map<String, Bucket> rate = new ConcurrentHashMap<>();
    private final Map<String, Bucket> daily = new ConcurrentHashMap<>();

    public void acquire(String ownerId) {
        ChatConfig.Limits limits = config.limits();
        take(rate, ownerId, limits.perWindow(), limits.window(), ErrorCodes.RATE_LIMITED,
                "Too many chat requests; try again in %d s.");
        take(daily, ownerId, limits.perDay(), Duration.ofDays(1), ErrorCodes.QUOTA_EXCEEDED,
                "Daily chat quota used up; it refills in %d s.");
    }

    private static void take(Map<String, Bucket> buckets, String key, int capacity, Duration window, String code,
            String message) {
        Bucket bucket = buckets.computeIfAbsent(key, k -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(capacity).refillIntervally(capacity, window).build()).build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long seconds = TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill()) + 1;
            throw ApiException.tooManyRequests(code, String.format(message, seconds), seconds);
        }
    }

    /** Drops full buckets so idle users do not accumulate. */
    @Scheduled(every = "10m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void evictIdle() {
        rate.values().removeIf(b -> b.getAvailableTokens() >= config.limits().perWindow());
        daily.values().removeIf(b -> b.getAvailableTokens() >= config.limits().perDay());
    }
}

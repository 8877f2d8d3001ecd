package dev.persona.auth.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.persona.common.problem.ApiException;
import dev.persona.common.problem.ErrorCodes;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One token-bucket limit (Bucket4j) kept per key in a Caffeine cache bounded in size, so an attacker rotating
 * addresses or account names cannot grow memory without bound. A bucket expires once it has been idle long enough
 * to be full again: a fresh bucket is then the same thing, so expiry never forgives anyone early. Only an overflow of
 * the size bound can drop a bucket that still holds a debt, and Caffeine's frequency-based eviction keeps the keys
 * that are hit most (the flooding ones) over the one-off keys of a rotation.
 */
final class BoundedBuckets {
    private final Cache<String, Bucket> buckets;
    private final Bandwidth limit;
    private final long capacity;

    /** {@code capacity} tokens at most, {@code refill} of them given back evenly over every {@code period}. */
    BoundedBuckets(long capacity, long refill, Duration period, long maxKeys) {
        this.capacity = capacity;
        this.limit = Bandwidth.builder().capacity(capacity).refillGreedy(refill, period).build();
        long periodsToRefillFully = (capacity + refill - 1) / refill;
        this.buckets = Caffeine.newBuilder().maximumSize(maxKeys)
                .expireAfterAccess(period.multipliedBy(periodsToRefillFully)).build();
    }

    long capacity() {
        return capacity;
    }

    /** Takes {@code tokens} from the key's bucket if it holds that many. */
    ConsumptionProbe tryTake(String key, long tokens) {
        return buckets.get(key, k -> Bucket.builder().addLimit(limit).build()).tryConsumeAndReturnRemaining(tokens);
    }

    /** Whether the key has spent its whole bucket; a key never seen has not. */
    boolean isEmpty(String key) {
        Bucket bucket = buckets.getIfPresent(key);
        return bucket != null && bucket.getAvailableTokens() <= 0;
    }

    /** Keys currently remembered; Caffeine may briefly exceed its bound before evicting. */
    long size() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }

    /** 429 rate-limited with a Retry-After of the whole seconds until the refused take would succeed. */
    static ApiException refused(ConsumptionProbe probe, String detail) {
        long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + TimeUnit.SECONDS.toNanos(1) - 1)
                / TimeUnit.SECONDS.toNanos(1));
        return ApiException.tooManyRequests(ErrorCodes.RATE_LIMITED, detail + " Try again in " + seconds + " s.",
                seconds);
    }
}

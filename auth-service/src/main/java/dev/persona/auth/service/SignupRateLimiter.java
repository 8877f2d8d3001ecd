package dev.persona.auth.service;

import dev.persona.auth.config.AuthConfig;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Caps signups per client address (a token bucket: {@code burst} at once, {@code refill} back per period), so one
 * address cannot mass-create accounts, fill the users collection or keep the workers busy hashing passwords.
 * Buckets live in this instance.
 */
@Singleton
public class SignupRateLimiter {
    private final BoundedBuckets perAddress;

    @Inject
    SignupRateLimiter(AuthConfig config) {
        AuthConfig.SignupRateLimit limit = config.signupRateLimit();
        perAddress = new BoundedBuckets(limit.burst(), limit.refill(), limit.refillPeriod(), limit.maxTrackedKeys());
    }

    /** Spends one signup of {@code address}, or throws 429 rate-limited with Retry-After. */
    public void acquire(String address) {
        ConsumptionProbe probe = perAddress.tryTake(address, 1);
        if (!probe.isConsumed()) {
            throw BoundedBuckets.refused(probe, "Too many signups from this address.");
        }
    }
}

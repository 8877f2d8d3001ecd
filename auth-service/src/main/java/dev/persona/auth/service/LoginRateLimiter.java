package dev.persona.auth.service;

import dev.persona.auth.config.AuthConfig;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Slows password guessing without handing anyone a way to lock the owner out. Every attempt spends a token from the
 * client address's bucket and from the (account, address) pair's bucket; nothing an attacker does from one address
 * can empty the buckets of another address, so the owner can always log in from theirs.
 *
 * <p>There is deliberately no per-account bucket that refuses attempts: the owner's request looks exactly like the
 * attacker's, so any such ceiling is a lockout switch for whoever floods it. Instead, failed logins are counted per
 * account, and above {@code slowdown-after-account-failures} per slowdown window each attempt costs the pair's whole
 * bucket: a guessing flood spread over many addresses drops to one guess per address per window, while the owner,
 * from an address that has not been guessing, still gets their attempt.
 *
 * <p>Buckets live in this instance; behind several instances the limits apply per instance.
 */
@Singleton
public class LoginRateLimiter {
    private final BoundedBuckets perAddress;
    private final BoundedBuckets perAccountAndAddress;
    private final BoundedBuckets accountFailures;

    @Inject
    LoginRateLimiter(AuthConfig config) {
        AuthConfig.LoginRateLimit limit = config.loginRateLimit();
        perAddress = new BoundedBuckets(limit.perAddress(), limit.perAddress(), limit.window(), limit.maxTrackedKeys());
        perAccountAndAddress = new BoundedBuckets(limit.perAccountAndAddress(), limit.perAccountAndAddress(),
                limit.window(), limit.maxTrackedKeys());
        accountFailures = new BoundedBuckets(limit.slowdownAfterAccountFailures(),
                limit.slowdownAfterAccountFailures(), limit.slowdownWindow(), limit.maxTrackedKeys());
    }

    /** Spends one login attempt of {@code address} on the (normalised) {@code email}, or throws 429 rate-limited. */
    public void acquire(String email, String address) {
        ConsumptionProbe byAddress = perAddress.tryTake(address, 1);
        if (!byAddress.isConsumed()) {
            throw BoundedBuckets.refused(byAddress, "Too many login attempts from this address.");
        }
        String account = accountKey(email);
        boolean underAttack = accountFailures.isEmpty(account);
        long cost = underAttack ? perAccountAndAddress.capacity() : 1;
        ConsumptionProbe byPair = perAccountAndAddress.tryTake(account + '|' + address, cost);
        if (!byPair.isConsumed()) {
            throw BoundedBuckets.refused(byPair, underAttack
                    ? "This account is receiving many failed logins, so each address gets one attempt at a time."
                    : "Too many login attempts for this account from this address.");
        }
    }

    /** Counts a wrong password (or unknown account) towards the account's slowdown threshold. */
    public void recordFailure(String email) {
        accountFailures.tryTake(accountKey(email), 1);
    }

    /** Usernames can be kilobytes long; a digest keeps every key the same small size. */
    private static String accountKey(String email) {
        return Hashes.sha256(email);
    }
}

package dev.persona.auth.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

@ConfigMapping(prefix = "persona.auth")
public interface AuthConfig {

    /** PEM (PKCS#8) RSA private key used to sign tokens; generated on first start when absent. */
    String signingKeyPath();

    @WithDefault("https://persona.dev/auth")
    String issuer();

    @WithDefault("PT15M")
    Duration accessTokenTtl();

    @WithDefault("P30D")
    Duration refreshTokenTtl();

    @WithDefault("P2D")
    Duration verificationTtl();

    /** Base URL users reach the API at; verification links point there. */
    @WithDefault("http://localhost:8080")
    String publicUrl();

    /**
     * Networks (CIDR, or a bare address) of the proxies whose X-Forwarded-For is believed, or {@code none}.
     * The default trusts loopback only: the embedded gateway proxies from there.
     */
    @WithDefault("127.0.0.0/8,::1/128")
    List<String> trustedProxies();

    /**
     * Operators: accounts with one of these emails (compared trimmed and lower-cased) get {@link #adminGroup()} in
     * their tokens' {@code groups}, once their email is verified (so nobody gets it by signing up first with an
     * operator's address). None by default.
     */
    Optional<Set<String>> adminEmails();

    /** The group the operator routes (ingest-service's {@code /admin}) require. */
    @WithDefault("admin")
    String adminGroup();

    LoginRateLimit loginRateLimit();

    SignupRateLimit signupRateLimit();

    interface LoginRateLimit {
        /** Login attempts one client address may take on one account per window. */
        @WithDefault("5")
        @Positive
        int perAccountAndAddress();

        /** Login attempts one client address may take per window, over all accounts. */
        @WithDefault("30")
        @Positive
        int perAddress();

        @WithDefault("PT1M")
        Duration window();

        /**
         * Failed logins on one account (from any address) per slowdown window after which each address gets a
         * single attempt on that account per window. Slows a guessing flood spread over many addresses without
         * ever refusing an address that has not itself been guessing.
         */
        @WithDefault("100")
        @Positive
        int slowdownAfterAccountFailures();

        @WithDefault("PT1H")
        Duration slowdownWindow();

        /** Most keys each limiter remembers, so rotating addresses or accounts cannot grow memory. */
        @WithDefault("50000")
        @Positive
        int maxTrackedKeys();
    }

    interface SignupRateLimit {
        /** Signups one client address may make at once. */
        @WithDefault("5")
        @Positive
        int burst();

        /** Signups given back to an address every {@link #refillPeriod()}. */
        @WithDefault("5")
        @Positive
        int refill();

        @WithDefault("PT1H")
        Duration refillPeriod();

        /** Most addresses remembered at once. */
        @WithDefault("50000")
        @Positive
        int maxTrackedKeys();
    }
}

package dev.persona.auth.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

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

    RateLimit loginRateLimit();

    interface RateLimit {
        /** Login attempts one account may take per window. */
        @WithDefault("5")
        int perAccount();

        /** Login attempts one client address may take per window. */
        @WithDefault("30")
        int perAddress();

        @WithDefault("PT1M")
        Duration window();
    }
}

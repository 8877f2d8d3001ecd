package dev.persona.auth;

import static io.restassured.RestAssured.given;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** With no trusted proxy, the test client's loopback peer is just a client, and its X-Forwarded-For a lie. */
@QuarkusTest
@TestProfile(UntrustedPeerForwardedForTest.NoTrustedProxies.class)
class UntrustedPeerForwardedForTest {
    private static final String PASSWORD = "correct-horse-42";

    public static class NoTrustedProxies implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("persona.auth.trusted-proxies", "none");
        }
    }

    private static ValidatableResponse signup(String forwardedFor) {
        return given().contentType(ContentType.JSON).header("X-Forwarded-For", forwardedFor)
                .body("{\"email\":\"owner-" + UUID.randomUUID() + "@example.test\",\"password\":\"" + PASSWORD + "\"}")
                .post("/auth/signup").then();
    }

    private static ValidatableResponse login(String forwardedFor) {
        return given().formParam("grant_type", "password")
                .formParam("username", "nobody-" + UUID.randomUUID() + "@example.test")
                .formParam("password", PASSWORD).header("X-Forwarded-For", forwardedFor).post("/auth/token").then();
    }

    @Test
    void spoofedForwardedForFromAnUntrustedPeerDoesNotEscapeTheSignupLimit() {
        for (int i = 0; i < 3; i++) { // %test signup burst=3
            signup("198.51.100." + i).statusCode(201);
        }
        AuthResourceTest.assertRateLimited(signup("198.51.100.200"));
    }

    @Test
    void spoofedForwardedForFromAnUntrustedPeerDoesNotEscapeTheLoginLimit() {
        for (int i = 0; i < 10; i++) { // %test login per-address=10
            login("203.0.113." + i).statusCode(401);
        }
        AuthResourceTest.assertRateLimited(login("203.0.113.200"));
    }
}

package dev.persona.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.persona.auth.service.SigningKeys;
import dev.persona.testing.MongoTestResource;
import dev.persona.testing.TestTokens;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import io.smallrye.jwt.build.Jwt;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = MongoTestResource.class, restrictToAnnotatedClass = false)
class AuthResourceTest {
    private static final String PASSWORD = "correct-horse-42";
    private static final AtomicInteger ADDRESSES = new AtomicInteger();

    @Inject
    MockMailbox mailbox;

    @Inject
    SigningKeys keys;

    private static String newEmail() {
        return "owner-" + UUID.randomUUID() + "@example.test";
    }

    /** Each signup from its own address, so the per-address signup limit only bites where a test means it to. */
    private static ValidatableResponse signup(String email, String password) {
        return signup(email, password, clientIp());
    }

    /** Through the trusted loopback peer, whose X-Forwarded-For names the client. */
    private static ValidatableResponse signup(String email, String password, String forwardedFor) {
        return given().contentType(ContentType.JSON).header("X-Forwarded-For", forwardedFor)
                .body("{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}")
                .post("/auth/signup").then();
    }

    private static ValidatableResponse login(String email, String password, String clientIp) {
        return given().formParam("grant_type", "password").formParam("username", email)
                .formParam("password", password).header("X-Forwarded-For", clientIp)
                .post("/auth/token").then();
    }

    /** A client address no other request in this JVM uses. */
    private static String clientIp() {
        int n = ADDRESSES.incrementAndGet();
        return "10." + (n >> 16 & 255) + "." + (n >> 8 & 255) + "." + (n & 255);
    }

    static void assertRateLimited(ValidatableResponse response) {
        assertProblem(response, 429, "rate-limited");
        assertTrue(Integer.parseInt(response.extract().header("Retry-After")) >= 1, "Retry-After in seconds");
    }

    static void assertProblem(ValidatableResponse response, int status, String code) {
        response.statusCode(status).contentType("application/problem+json").body("status", equalTo(status))
                .body("code", equalTo(code)).body("title", notNullValue());
    }

    @Test
    void signupLoginAndMe() {
        String email = newEmail();
        signup(email.toUpperCase(), PASSWORD).statusCode(201).body("email", equalTo(email))
                .body("emailVerified", equalTo(false)).body("$", not(hasKey("passwordHash")));

        String token = login(email, PASSWORD, clientIp()).statusCode(200).header("Cache-Control", "no-store")
                .body("token_type", equalTo("Bearer")).body("expires_in", equalTo(900))
                .body("refresh_token", notNullValue()).extract().path("access_token");

        given().auth().oauth2(token).get("/auth/me").then().statusCode(200).body("email", equalTo(email))
                .body("emailVerified", equalTo(false)).body("id", notNullValue());
    }

    @Test
    void issuedTokenCarriesSubjectGroupsAndKeyIdFromJwks() {
        String email = newEmail();
        String id = signup(email, PASSWORD).statusCode(201).extract().path("id");
        String token = login(email, PASSWORD, clientIp()).statusCode(200).extract().path("access_token");
        String[] parts = token.split("\\.");
        String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertTrue(header.contains("\"RS256\""), header);
        assertTrue(payload.contains("\"sub\":\"" + id + "\""), payload);
        assertTrue(payload.contains("\"groups\":[\"user\"]"), payload);
        String kid = given().get("/auth/jwks").then().statusCode(200).body("keys[0].kty", equalTo("RSA"))
                .body("keys[0].alg", equalTo("RS256")).extract().path("keys[0].kid");
        assertTrue(header.contains("\"kid\":\"" + kid + "\""), header);
    }

    @Test
    void duplicateEmailIsConflictEvenWithOtherCase() {
        String email = newEmail();
        signup(email, PASSWORD).statusCode(201);
        assertProblem(signup(email.toUpperCase(), PASSWORD), 409, "email-taken");
    }

    @Test
    void wrongPasswordAndUnknownUserAreTheSame401() {
        String email = newEmail();
        signup(email, PASSWORD).statusCode(201);
        assertProblem(login(email, "wrong-password-1", clientIp()), 401, "invalid-credentials");
        assertProblem(login(newEmail(), PASSWORD, clientIp()), 401, "invalid-credentials");
    }

    @Test
    void weakPasswordsAreRefusedWithAReason() {
        assertProblem(signup(newEmail(), "short1"), 400, "weak-password");
        assertProblem(signup(newEmail(), "onlyletterslong"), 400, "weak-password");
        assertProblem(signup(newEmail(), "a1".repeat(40)), 400, "weak-password");
        String email = "margaret" + UUID.randomUUID().toString().substring(0, 4) + "@example.test";
        assertProblem(signup(email, email.substring(0, email.indexOf('@')) + "-2024"), 400, "weak-password");
    }

    @Test
    void invalidEmailIsAValidationProblem() {
        signup("not-an-email", PASSWORD).statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("validation-failed")).body("errors[0].field", equalTo("email"));
    }

    @Test
    void malformedJsonIs400() {
        assertProblem(given().contentType(ContentType.JSON).body("{\"email\": \"a@b.c\", ").post("/auth/signup")
                .then(), 400, "malformed-json");
    }

    @Test
    void noSqlOperatorAsFieldValueIsRejected() {
        assertProblem(given().contentType(ContentType.JSON).body("{\"email\": {\"$ne\": null}, \"password\": \"x\"}")
                .post("/auth/signup").then(), 400, "invalid-field");
        assertProblem(given().contentType(ContentType.JSON)
                .body("{\"email\": \"a" + UUID.randomUUID() + "@example.test\", \"password\": {\"$gt\": \"\"}}")
                .post("/auth/signup").then(), 400, "invalid-field");
        // A form field is only ever a string: the operator text is an unknown account, not a query.
        assertProblem(login("{\"$ne\": null}", "{\"$ne\": null}", clientIp()), 401, "invalid-credentials");
    }

    @Test
    void expiredTamperedForeignAndUnsignedTokensAre401() {
        String email = newEmail();
        signup(email, PASSWORD).statusCode(201);
        String token = login(email, PASSWORD, clientIp()).statusCode(200).extract().path("access_token");
        String[] parts = token.split("\\.");

        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String forgedPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                payload.replaceFirst("\"sub\":\"[^\"]+\"", "\"sub\":\"someone-else\"").getBytes(StandardCharsets.UTF_8));
        String tampered = parts[0] + "." + forgedPayload + "." + parts[2];
        String noneHeader = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String unsigned = noneHeader + "." + parts[1] + ".";

        // Signed with the service's own key, so only the expiry can reject it.
        Instant past = Instant.now().minus(Duration.ofHours(1));
        String expired = Jwt.issuer("https://persona.dev/auth").subject(payloadSubject(payload)).groups(Set.of("user"))
                .issuedAt(past).expiresAt(past.plus(Duration.ofMinutes(15))).jws().keyId(keys.keyId())
                .sign(keys.privateKey());
        String wrongIssuer = Jwt.issuer("https://evil.example/auth").subject(payloadSubject(payload))
                .groups(Set.of("user")).expiresIn(Duration.ofMinutes(5)).jws().keyId(keys.keyId())
                .sign(keys.privateKey());
        given().auth().oauth2(token).get("/auth/me").then().statusCode(200);

        for (String bad : List.of(expired, wrongIssuer, tampered, unsigned, TestTokens.expired("x"),
                TestTokens.forOwner("x"),
                "not.a.jwt", "garbage")) {
            given().auth().oauth2(bad).get("/auth/me").then().statusCode(401)
                    .contentType("application/problem+json").body("code", equalTo("unauthorized"))
                    .header("WWW-Authenticate", startsWith("Bearer"));
        }
        given().get("/auth/me").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void refreshTokenRotatesAndCannotBeReused() {
        String email = newEmail();
        signup(email, PASSWORD).statusCode(201);
        String refresh = login(email, PASSWORD, clientIp()).statusCode(200).extract().path("refresh_token");

        String next = given().formParam("grant_type", "refresh_token").formParam("refresh_token", refresh)
                .post("/auth/token").then().statusCode(200).body("access_token", notNullValue())
                .extract().path("refresh_token");
        assertNotNull(next);
        assertProblem(given().formParam("grant_type", "refresh_token").formParam("refresh_token", refresh)
                .post("/auth/token").then(), 400, "invalid-grant");
        assertProblem(given().formParam("grant_type", "refresh_token").formParam("refresh_token", "made-up")
                .post("/auth/token").then(), 400, "invalid-grant");
    }

    @Test
    void unknownGrantAndMissingFieldsAre400() {
        assertProblem(given().formParam("grant_type", "client_credentials").post("/auth/token").then(), 400,
                "unsupported-grant-type");
        assertProblem(given().formParam("grant_type", "password").formParam("username", "a@b.c")
                .post("/auth/token").then(), 400, "validation-failed");
        assertProblem(given().contentType(ContentType.JSON).body("{}").post("/auth/token").then(), 415,
                "unsupported-media-type");
    }

    @Test
    void wrongPasswordFloodFromOneAddressDoesNotLockTheOwnerOutFromAnother() {
        String email = newEmail();
        signup(email, PASSWORD).statusCode(201);
        String attacker = clientIp();
        for (int i = 0; i < 5; i++) {
            assertProblem(login(email, "wrong-password-" + i, attacker), 401, "invalid-credentials");
        }
        assertRateLimited(login(email, PASSWORD, attacker));

        login(email, PASSWORD, clientIp()).statusCode(200).body("access_token", notNullValue());
        // The (account, address) pair is cut, not the address: it may still log into another account.
        String other = newEmail();
        signup(other, PASSWORD).statusCode(201);
        login(other, PASSWORD, attacker).statusCode(200);
    }

    @Test
    void guessingSpreadOverManyAddressesIsSlowedButNeverLocksTheOwnerOut() {
        String email = newEmail();
        signup(email, PASSWORD).statusCode(201);
        for (int i = 0; i < 8; i++) { // %test slowdown-after-account-failures=8
            login(email, "wrong-password-" + i, clientIp()).statusCode(401);
        }

        login(email, PASSWORD, clientIp()).statusCode(200);
        // Each address now gets one attempt per window on this account instead of five.
        String attacker = clientIp();
        assertProblem(login(email, "wrong-password-8", attacker), 401, "invalid-credentials");
        assertRateLimited(login(email, "wrong-password-9", attacker));
    }

    @Test
    void loginAttemptsAreRateLimitedPerAddress() {
        String ip = "203.0.113.77";
        for (int i = 0; i < 10; i++) { // %test per-address=10
            login(newEmail(), PASSWORD, ip).statusCode(401);
        }
        assertRateLimited(login(newEmail(), PASSWORD, ip));
        login(newEmail(), PASSWORD, "203.0.113.78").statusCode(401);
    }

    @Test
    void signupBurstFromOneAddressIsCutWhileAnotherAddressCanStillSignUp() {
        String address = clientIp();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 39; i++) { // the reported attack: 40 signups from one address
            statuses.add(signup(newEmail(), PASSWORD, address).extract().statusCode());
        }
        String refused = newEmail();
        assertRateLimited(signup(refused, PASSWORD, address));
        // %test signup burst=3: the first three pass, every later one is cut.
        assertEquals(List.of(201, 201, 201), statuses.subList(0, 3));
        assertEquals(Collections.nCopies(36, 429), statuses.subList(3, 39));

        // Nothing of a refused signup was stored: the same email signs up from another address.
        signup(refused, PASSWORD, clientIp()).statusCode(201);
        login(refused, PASSWORD, clientIp()).statusCode(200);
    }

    @Test
    void forwardedForEntriesWrittenByTheClientDoNotEscapeTheSignupLimit() {
        String address = clientIp();
        // The trusted proxy appends the real peer; everything left of it is the client's own invention.
        for (int i = 0; i < 3; i++) {
            signup(newEmail(), PASSWORD, "192.0.2." + i + ", " + address).statusCode(201);
        }
        assertRateLimited(signup(newEmail(), PASSWORD, "192.0.2.99, " + address));
        assertRateLimited(given().contentType(ContentType.JSON).header("X-Forwarded-For", "192.0.2.100")
                .header("X-Forwarded-For", address)
                .body("{\"email\":\"" + newEmail() + "\",\"password\":\"" + PASSWORD + "\"}")
                .post("/auth/signup").then());
    }

    @Test
    void emailVerificationLinkMarksTheAccountVerified() {
        String email = newEmail();
        signup(email, PASSWORD).statusCode(201);
        List<Mail> mails = mailbox.getMailsSentTo(email);
        assertEquals(1, mails.size());
        Matcher link = Pattern.compile("/auth/verify\\?token=([A-Za-z0-9_%-]+)").matcher(mails.get(0).getText());
        assertTrue(link.find(), mails.get(0).getText());

        assertProblem(given().queryParam("token", "forged").get("/auth/verify").then(), 400, "invalid-grant");
        given().queryParam("token", link.group(1)).get("/auth/verify").then().statusCode(200)
                .body("emailVerified", equalTo(true));
        String token = login(email, PASSWORD, clientIp()).statusCode(200).extract().path("access_token");
        given().auth().oauth2(token).get("/auth/me").then().body("emailVerified", equalTo(true));
        assertProblem(given().queryParam("token", link.group(1)).get("/auth/verify").then(), 400, "invalid-grant");
    }

    @Test
    void unknownRouteIsProblemJson() {
        assertProblem(given().get("/auth/nope").then(), 404, "not-found");
    }

    @Test
    void healthAndMetricsAreUp() {
        given().get("/q/health/ready").then().statusCode(200).body(containsString("UP"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("http_server"));
    }

    private static String payloadSubject(String payload) {
        Matcher m = Pattern.compile("\"sub\":\"([^\"]+)\"").matcher(payload);
        assertTrue(m.find(), payload);
        return m.group(1);
    }

    private static void assertTrue(boolean condition, String message) {
        org.junit.jupiter.api.Assertions.assertTrue(condition, message);
    }
}

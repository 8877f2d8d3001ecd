package dev.persona.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.persona.testing.MongoTestResource;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The admin group is granted from configuration ({@code %test.persona.auth.admin-emails=Operator@Example.Test}),
 * only to the verified account with that email, never to other accounts.
 */
@QuarkusTest
@QuarkusTestResource(value = MongoTestResource.class, restrictToAnnotatedClass = false)
class AdminGroupTest {
    private static final String PASSWORD = "tides-and-lanterns-1987";
    /** Addresses of their own (172.16/12), so AuthResourceTest's per-address limits are not shared. */
    private static final AtomicInteger ADDRESSES = new AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    MockMailbox mailbox;

    @Test
    void theConfiguredOperatorEmailGetsTheAdminGroupOnceVerifiedAndNobodyElseDoes() throws Exception {
        // Case differs from the configured value: emails are compared normalised.
        String operator = "operator@EXAMPLE.test";
        given().contentType(ContentType.JSON).header("X-Forwarded-For", clientIp())
                .body("{\"email\":\"" + operator + "\",\"password\":\"" + PASSWORD + "\"}")
                .post("/auth/signup").then().statusCode(201);
        assertEquals(List.of("user"), groups(login("operator@example.test")),
                "not before the address is verified: whoever signs up first with it must not become an admin");

        List<Mail> mails = mailbox.getMailsSentTo("operator@example.test");
        Matcher link = Pattern.compile("/auth/verify\\?token=([A-Za-z0-9_%-]+)").matcher(mails.get(0).getText());
        assertTrue(link.find());
        given().queryParam("token", link.group(1)).get("/auth/verify").then().statusCode(200)
                .body("emailVerified", equalTo(true));
        List<String> groups = groups(login("operator@example.test"));
        assertTrue(groups.contains("admin") && groups.contains("user"), groups.toString());

        String owner = "owner-" + UUID.randomUUID() + "@example.test";
        given().contentType(ContentType.JSON).header("X-Forwarded-For", clientIp())
                .body("{\"email\":\"" + owner + "\",\"password\":\"" + PASSWORD + "\"}")
                .post("/auth/signup").then().statusCode(201);
        assertEquals(List.of("user"), groups(login(owner)));
    }

    private static String login(String email) {
        return given().formParam("grant_type", "password").formParam("username", email).formParam("password", PASSWORD)
                .header("X-Forwarded-For", clientIp()).post("/auth/token").then().statusCode(200)
                .extract().path("access_token");
    }

    private static List<String> groups(String token) throws Exception {
        JsonNode claims = JSON.readTree(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]),
                StandardCharsets.UTF_8));
        List<String> groups = new ArrayList<>();
        claims.path("groups").forEach(g -> groups.add(g.asText()));
        return groups;
    }

    private static String clientIp() {
        int n = ADDRESSES.incrementAndGet();
        return "172.16." + (n >> 8 & 255) + "." + (n & 255);
    }
}

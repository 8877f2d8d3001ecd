package dev.persona.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.persona.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.InputStream;
import java.util.UUID;

/** Small helpers shared by the HTTP tests. */
final class Api {
    private Api() {
    }

    static String newOwner() {
        return "user-" + UUID.randomUUID();
    }

    static RequestSpecification as(String ownerId) {
        return given().auth().oauth2(TestTokens.forOwner(ownerId));
    }

    static String createPersona(String ownerId, String name) {
        return as(ownerId).contentType(ContentType.JSON).body("{\"name\":\"" + name + "\",\"language\":\"en\"}")
                .post("/personas").then().statusCode(201).extract().path("id");
    }

    static ValidatableResponse upload(String ownerId, String personaId, String kind, String fileName, byte[] bytes) {
        return as(ownerId).multiPart("file", fileName, bytes, "application/octet-stream")
                .post("/personas/" + personaId + "/" + kind).then();
    }

    static void assertProblem(ValidatableResponse response, int status, String code) {
        response.statusCode(status).contentType("application/problem+json").body("status", equalTo(status))
                .body("code", equalTo(code)).body("title", notNullValue());
    }

    static byte[] fixture(String path) {
        try (InputStream in = Api.class.getResourceAsStream(path)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

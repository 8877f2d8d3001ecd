package dev.persona.e2e;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;

/** A signed-up owner talking to the gateway. */
final class Api {
    final String baseUrl;
    final String token;

    private Api(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    static Api newOwner(String baseUrl) {
        String email = "e2e-" + UUID.randomUUID() + "@example.test";
        String password = "e2e-password-" + UUID.randomUUID().toString().substring(0, 8);
        given().baseUri(baseUrl).contentType(ContentType.JSON).body(Map.of("email", email, "password", password))
                .post("/auth/signup").then().statusCode(201);
        String token = given().baseUri(baseUrl).formParam("grant_type", "password").formParam("username", email)
                .formParam("password", password).post("/auth/token").then().statusCode(200).extract()
                .path("access_token");
        return new Api(baseUrl, token);
    }

    RequestSpecification request() {
        return given().baseUri(baseUrl).auth().oauth2(token);
    }
}

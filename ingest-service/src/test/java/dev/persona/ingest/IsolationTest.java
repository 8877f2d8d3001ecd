package dev.persona.ingest;

import static dev.persona.ingest.Api.as;
import static dev.persona.ingest.Api.assertProblem;
import static dev.persona.ingest.Api.createPersona;
import static dev.persona.ingest.Api.fixture;
import static dev.persona.ingest.Api.newOwner;
import static dev.persona.ingest.Api.upload;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;

import dev.persona.testing.KafkaTestResource;
import dev.persona.testing.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Another owner must not learn anything about a persona: every route answers 404 persona-not-found. */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = MongoTestResource.class, restrictToAnnotatedClass = false)
class IsolationTest {

    @Test
    void anotherOwnerGets404OnEveryRouteAndChangesNothing() {
        String alice = newOwner();
        String bob = newOwner();
        String persona = createPersona(alice, "Alice's mother");
        var rec = upload(alice, persona, "recordings", "a.wav", fixture("/audio/speech.wav")).statusCode(202).extract();
        String rid = rec.path("recordingId");
        String jobId = rec.path("jobId");
        String did = upload(alice, persona, "documents", "n.txt", "Her own words.".getBytes()).statusCode(202)
                .extract().path("documentId");
        String p = "/personas/" + persona;

        Map<String, Supplier<ValidatableResponse>> routes = new LinkedHashMap<>();
        routes.put("get persona", () -> as(bob).get(p).then());
        routes.put("patch persona", () -> as(bob).contentType(ContentType.JSON).body("{\"name\":\"mine now\"}")
                .patch(p).then());
        routes.put("delete persona", () -> as(bob).delete(p).then());
        routes.put("delete recording", () -> as(bob).delete(p + "/recordings/" + rid).then());
        routes.put("delete document", () -> as(bob).delete(p + "/documents/" + did).then());
        routes.put("upload recording", () -> upload(bob, persona, "recordings", "b.wav", fixture("/audio/speech.wav")));
        routes.put("upload document", () -> upload(bob, persona, "documents", "b.txt", "Not hers.".getBytes()));
        routes.put("list recordings", () -> as(bob).get(p + "/recordings").then());
        routes.put("get recording", () -> as(bob).get(p + "/recordings/" + rid).then());
        routes.put("list documents", () -> as(bob).get(p + "/documents").then());
        routes.put("get document", () -> as(bob).get(p + "/documents/" + did).then());
        routes.put("document transcript", () -> as(bob).get(p + "/documents/" + did + "/transcript").then());
        routes.put("job", () -> as(bob).get(p + "/jobs/" + jobId).then());
        routes.put("job events", () -> as(bob).accept("text/event-stream").get(p + "/jobs/" + jobId + "/events").then());
        routes.put("transcript", () -> as(bob).get(p + "/recordings/" + rid + "/transcript").then());
        routes.put("audio", () -> as(bob).get(p + "/recordings/" + rid + "/audio").then());
        routes.put("audio clip", () -> as(bob).get(p + "/recordings/" + rid + "/audio?start=0&end=1").then());
        routes.forEach((name, call) -> {
            try {
                assertProblem(call.get(), 404, "persona-not-found");
            } catch (AssertionError e) {
                throw new AssertionError("route: " + name, e);
            }
        });
        as(bob).get("/personas").then().statusCode(200).body("id", not(hasItem(persona)));
        // Bob's usage is his own: nothing of Alice's counts for him.
        as(bob).get("/personas/usage").then().statusCode(200).body("personas.used", equalTo(0))
                .body("storedBytes.used", equalTo(0));

        // Alice's data is untouched by all of that.
        as(alice).get(p).then().statusCode(200).body("name", equalTo("Alice's mother"));
        as(alice).get(p + "/recordings").then().statusCode(200).body("$", hasSize(1));
        as(alice).get(p + "/documents").then().statusCode(200).body("$", hasSize(1));
    }
}

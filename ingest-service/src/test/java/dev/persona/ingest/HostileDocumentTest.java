package dev.persona.ingest;

import static dev.persona.ingest.Api.as;
import static dev.persona.ingest.Api.assertProblem;
import static dev.persona.ingest.Api.createPersona;
import static dev.persona.ingest.Api.newOwner;
import static dev.persona.ingest.Api.upload;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.ingest.text.HostileDocuments;
import dev.persona.testing.KafkaTestResource;
import dev.persona.testing.MongoTestResource;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The documents an attacker sent through the gateway (each took over 30 s, hung or answered 500 before): each is
 * answered promptly with its problem, leaves nothing stored, and a normal document uploads right after.
 * Tests run with max-pages 20, max-inflated-bytes 16 MiB and max-document-bytes 2 MiB (application.properties).
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = MongoTestResource.class, restrictToAnnotatedClass = false)
class HostileDocumentTest {
    /** Well under the gateway's 30 s; each probe takes about a second here. */
    private static final Duration PROMPT = Duration.ofSeconds(10);

    @Inject
    ReactiveMongoClient mongo;

    private String owner;
    private String persona;

    @BeforeEach
    void persona() {
        owner = newOwner();
        persona = createPersona(owner, "Target");
    }

    private long count(String collection) {
        return mongo.getDatabase("persona").getCollection(collection).countDocuments().await()
                .atMost(Duration.ofSeconds(5));
    }

    private List<Long> counts() {
        return List.of(count("documents"), count("jobs"), count("transcripts"), count("media.files"),
                count("media.chunks"));
    }

    private static ValidatableResponse promptly(Supplier<ValidatableResponse> request) {
        long start = System.nanoTime();
        ValidatableResponse response = request.get();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(PROMPT) < 0, "answered in " + took);
        return response;
    }

    /** Refused with this status and code, nothing stored, and a normal document uploads afterwards. */
    private ValidatableResponse refusedLeavingNothing(String name, byte[] bytes, int status, String code) {
        List<Long> before = counts();
        ValidatableResponse response = promptly(() -> upload(owner, persona, "documents", name, bytes));
        assertProblem(response, status, code);
        assertEquals(before, counts(), "nothing of the refused document is stored");
        normalDocumentStillUploads();
        return response;
    }

    private void normalDocumentStillUploads() {
        try {
            upload(owner, persona, "documents", "memoir.pdf", Fixtures.pdf()).statusCode(202).body("pages", equalTo(2));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void twoHundredThousandThanksLinesAreCleanedPromptly() {
        byte[] text = HostileDocuments.thanksLines(200_000).getBytes(StandardCharsets.UTF_8);
        String id = promptly(() -> upload(owner, persona, "documents", "thanks.txt", text)).statusCode(202)
                .extract().path("documentId");
        as(owner).get("/personas/" + persona + "/documents/" + id + "/transcript").then().statusCode(200)
                .body("segments[0].text", equalTo("I will bring the charts."));
        normalDocumentStillUploads();
    }

    @Test
    void anHtmlMailOfUnclosedStyleTagsHasNoTextOfItsOwn() {
        refusedLeavingNothing("styles.eml", HostileDocuments.unclosedStyleMail(250_000), 422, "empty-file");
    }

    @Test
    void aPdfWithMorePagesThanTheBoundIs413NamingIt() throws Exception {
        refusedLeavingNothing("long.pdf", HostileDocuments.pdfWithPages(21), 413, "payload-too-large")
                .body("detail", containsString("max-pages"));
    }

    @Test
    void aMailNestedTwentyThousandLevelsIs422TooComplex() {
        refusedLeavingNothing("deep.eml", HostileDocuments.nestedMultipartMail(20_000), 422, "too-complex")
                .body("detail", containsString("max-mime-parts"));
    }

    @Test
    void aFlateBombedPdfPageIs413NotA500() throws Exception {
        refusedLeavingNothing("bomb.pdf", HostileDocuments.flateBombPdf(1024, false), 413, "payload-too-large")
                .body("detail", containsString("max-inflated-bytes"));
    }

    @Test
    void textThatCannotFitInOneMongoDocumentIs413NotA503TryAgain() {
        // 2 MB on the wire, but 690,000 paragraphs take over 16 MiB of BSON as transcript segments.
        byte[] text = "x\n\n".repeat(690_000).getBytes(StandardCharsets.US_ASCII);
        refusedLeavingNothing("many.txt", text, 413, "payload-too-large").body("detail", containsString("16 MiB"));
    }
}

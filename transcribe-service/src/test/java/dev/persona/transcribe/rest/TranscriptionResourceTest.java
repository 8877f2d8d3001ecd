package dev.persona.transcribe.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.testing.KafkaTestResource;
import dev.persona.testing.MongoTestResource;
import dev.persona.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Questions asked by voice, transcribed on the spot by the real pocketsphinx decoder. */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = MongoTestResource.class, restrictToAnnotatedClass = false)
class TranscriptionResourceTest {
    private static final String TOKEN = TestTokens.forOwner(new ObjectId().toHexString());

    @ParameterizedTest
    @ValueSource(strings = {"question.ogg", "question.webm"})
    void aSpokenQuestionInABrowserFormatComesBackAsTimedWords(String file) {
        // flite said: "What did your grandmother grow in her garden every summer?"
        JsonPath body = given().auth().oauth2(TOKEN).multiPart("audio", file, resource(file), "audio/ogg")
                .when().post("/transcriptions")
                .then().statusCode(200).extract().jsonPath();
        String text = body.getString("text").toLowerCase(Locale.ROOT);
        assertTrue(text.contains("grandmother") && text.contains("garden"), text);
        assertTrue(Character.isUpperCase(body.getString("text").charAt(0)), body.getString("text"));
        List<Map<String, Object>> words = body.getList("words");
        double previous = 0;
        for (Map<String, Object> w : words) {
            double start = ((Number) w.get("startSec")).doubleValue();
            double end = ((Number) w.get("endSec")).doubleValue();
            assertTrue(start >= previous && end >= start && end <= body.getDouble("durationSec") + 0.01, words::toString);
            previous = start;
        }
        assertTrue(body.getDouble("speechSec") > 1 && body.getDouble("speechSec") <= body.getDouble("durationSec"));
        assertTrue(body.getLong("timings.transcribe_ms") > 0, body::prettyPrint);
        assertTrue(body.getLong("timings.decode_ms") >= 0 && body.getLong("timings.vad_ms") >= 0);
        assertTrue(body.getString("engine").startsWith("pocketsphinx"));
    }

    @Test
    void theRawBodyIsTakenToo() {
        String text = given().auth().oauth2(TOKEN).contentType("audio/wav").body(resource("grandmother.wav"))
                .when().post("/transcriptions")
                .then().statusCode(200).extract().jsonPath().getString("text").toLowerCase(Locale.ROOT);
        assertTrue(text.contains("tomatoes") || text.contains("river"), text);
    }

    @Test
    void silenceIsNoSpeech() {
        given().auth().oauth2(TOKEN).multiPart("audio", "quiet.wav", wav(new short[16_000 * 3]), "audio/wav")
                .when().post("/transcriptions")
                .then().statusCode(422).contentType(containsString("application/problem+json"))
                .body("code", equalTo("no-speech"));
    }

    @Test
    void aMinuteAndMoreIsRefusedAsTooLong() {
        short[] tone = new short[16_000 * 62];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = (short) (8000 * Math.sin(2 * Math.PI * 220 * i / 16_000.0));
        }
        given().auth().oauth2(TOKEN).multiPart("audio", "long.wav", wav(tone), "audio/wav")
                .when().post("/transcriptions")
                .then().statusCode(413).body("code", equalTo("too-long"));
    }

    @Test
    void whatIsNotAudioIsUnsupported() {
        given().auth().oauth2(TOKEN).multiPart("audio", "notes.wav", "just some text, not audio".getBytes(),
                        "audio/wav")
                .when().post("/transcriptions")
                .then().statusCode(415).body("code", equalTo("unsupported-format"));
    }

    @Test
    void aFormWithoutAFileSaysWhatToSend() {
        given().auth().oauth2(TOKEN).multiPart("language", "en")
                .when().post("/transcriptions")
                .then().statusCode(400).body("code", equalTo("validation-failed"))
                .body("detail", containsString("audio"));
    }

    @Test
    void aTokenIsRequired() {
        given().multiPart("audio", "question.ogg", resource("question.ogg"), "audio/ogg")
                .when().post("/transcriptions")
                .then().statusCode(401);
    }

    private static byte[] resource(String name) {
        try (InputStream in = TranscriptionResourceTest.class.getResourceAsStream("/audio/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] wav(short[] samples) {
        ByteBuffer b = ByteBuffer.allocate(44 + samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + samples.length * 2).put("WAVE".getBytes()).put("fmt ".getBytes())
                .putInt(16).putShort((short) 1).putShort((short) 1).putInt(16_000).putInt(32_000)
                .putShort((short) 2).putShort((short) 16).put("data".getBytes()).putInt(samples.length * 2);
        for (short s : samples) {
            b.putShort(s);
        }
        return b.array();
    }
}

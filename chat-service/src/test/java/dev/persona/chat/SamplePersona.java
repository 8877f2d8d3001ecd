package dev.persona.chat;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import dev.persona.chat.service.generation.ExtractiveComposer;
import dev.persona.common.events.ChunksEmbedded;
import dev.persona.common.events.Topics;
import dev.persona.testing.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** The sample persona shared by the module's Quarkus tests (one application, one JVM). */
final class SamplePersona {
    static String ownerId;
    static String personaId;
    static String token;

    private SamplePersona() {
    }

    /**
     * Once per JVM: the persona is asked before its chunks exist (its empty index is now cached), then chunks are
     * written and announced on the real broker; answers must switch over through the event, not a reload.
     */
    /** A producer of JSON strings keyed by persona id, as the services' events are, acknowledged by the broker. */
    static KafkaProducer<String, String> producer(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props);
    }

    static synchronized void ensure(MongoDatabase db, ObjectMapper json, String bootstrap) throws Exception {
        if (personaId != null) {
            return;
        }
        ownerId = "owner-" + UUID.randomUUID();
        String persona = UUID.randomUUID().toString();
        String token = TestTokens.forOwner(ownerId);
        PersonaCorpus.insertPersona(db, ownerId, persona, PersonaCorpus.NAME);

        ChatApiTest.chat(token, persona, "Where did you grow up?").statusCode(200)
                .body("answer", equalTo(ExtractiveComposer.NOTHING_RELEVANT)).body("citations", empty());

        try (KafkaProducer<String, String> producer = producer(bootstrap)) {
            for (PersonaCorpus.Source source : PersonaCorpus.ALL) {
                List<String> ids = PersonaCorpus.insertChunks(db, ownerId, persona, source, PersonaCorpus.MODEL_ID);
                ChunksEmbedded event = ChunksEmbedded.of(ownerId, persona, "job-" + source.id(), source.id(), ids,
                        PersonaCorpus.MODEL_ID);
                producer.send(new ProducerRecord<>(Topics.CHUNKS_EMBEDDED, persona, json.writeValueAsString(event)))
                        .get();
            }
            // Chunks of another embedding model must never be served, even when announced.
            List<String> stale = PersonaCorpus.insertChunks(db, ownerId, persona, new PersonaCorpus.Source(
                    "rec-typewriters", "recording", "typewriters.wav",
                    List.of("I collect vintage typewriters and restore their ribbons and keys by hand.")),
                    "old-model-v0");
            producer.send(new ProducerRecord<>(Topics.CHUNKS_EMBEDDED, persona, json.writeValueAsString(
                    ChunksEmbedded.of(ownerId, persona, "job-old", "rec-typewriters", stale, "old-model-v0")))).get();
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            // Events of one persona share a partition and apply in order: the last source served means all are.
            List<String> cited = ChatApiTest.chat(token, persona, "Have you ever run a marathon?").statusCode(200)
                    .extract().jsonPath().getList("citations.sourceId");
            assertTrue(cited.contains(PersonaCorpus.BIO.id()), cited.toString());
        });
        SamplePersona.token = token;
        personaId = persona;
    }
}

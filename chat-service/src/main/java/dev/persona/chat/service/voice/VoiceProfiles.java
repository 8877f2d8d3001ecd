package dev.persona.chat.service.voice;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import dev.persona.chat.config.ChatConfig;
import dev.persona.common.audio.PcmAudio;
import dev.persona.common.events.SourceKind;
import dev.persona.common.memory.ChunkCodec;
import dev.persona.common.memory.ChunkSentence;
import dev.persona.common.memory.MemoryChunk;
import dev.persona.common.memory.MemoryCollections;
import io.quarkus.mongodb.FindOptions;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Each persona's voice, measured on their own recordings and stored in {@code persona_voices}: the median pitch over
 * the voiced frames of the sentences they said (read from the recordings' audio at the seconds the chunks give) and
 * their speaking rate (words of those sentences per minute of them). The stored estimate names the recordings it was
 * measured on; when the persona's recordings change (one added, one deleted), it is measured again on next use. A
 * persona without recordings gets the default voice.
 */
@ApplicationScoped
public class VoiceProfiles {
    public static final String COLLECTION = "persona_voices";
    private static final Logger LOG = Logger.getLogger(VoiceProfiles.class);
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(30);
    /** Chunks read to find a persona's sentences; more recordings than this are measured on the first ones. */
    private static final int MAX_CHUNKS = 5000;

    @Inject
    ReactiveMongoClient mongo;

    @Inject
    RecordingAudio audio;

    @Inject
    ChatConfig config;

    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    /** The persona's voice: the stored estimate while its recordings are the same, else measured now and stored. */
    public VoiceProfile profile(String ownerId, String personaId) {
        List<String> recordings = recordingIds(ownerId, personaId);
        String fingerprint = String.join(",", recordings);
        Document stored = voices().find(Filters.and(Filters.eq("_id", personaId), Filters.eq("ownerId", ownerId)))
                .collect().first().await().atMost(QUERY_TIMEOUT);
        if (stored != null && fingerprint.equals(stored.getString("recordings"))
                && stored.get("profile") instanceof Document p) {
            return VoiceProfile.fromDocument(p);
        }
        VoiceProfile measured = measure(ownerId, personaId, sentences(ownerId, personaId));
        voices().replaceOne(Filters.eq("_id", personaId), new Document("_id", personaId).append("ownerId", ownerId)
                .append("recordings", fingerprint).append("profile", measured.toDocument())
                .append("measuredAt", new Date()), new ReplaceOptions().upsert(true)).await().atMost(QUERY_TIMEOUT);
        LOG.infof("Voice of persona %s: %.1f Hz, %.0f words/min over %d recordings (%.1f s voiced)", personaId,
                measured.medianPitchHz(), measured.wordsPerMinute(), measured.recordings(), measured.voicedSeconds());
        return measured;
    }

    /** The persona's recorded sentences, in order of recording and time, each once (chunks of several models overlap). */
    public List<RecordedSentence> sentences(String ownerId, String personaId) {
        List<Document> docs = chunks().find(recordingChunks(ownerId, personaId), new FindOptions().limit(MAX_CHUNKS))
                .collect().asList().await().atMost(QUERY_TIMEOUT);
        Map<String, RecordedSentence> unique = new LinkedHashMap<>();
        for (Document d : docs) {
            MemoryChunk chunk = ChunkCodec.decode(d);
            for (ChunkSentence s : chunk.sentences()) {
                if (s.startSec() != null && s.endSec() != null && s.endSec() > s.startSec()) {
                    unique.putIfAbsent(chunk.sourceId() + "@" + s.startSec(), new RecordedSentence(chunk.sourceId(),
                            s.startSec(), s.endSec(), s.textOf(chunk.text())));
                }
            }
        }
        List<RecordedSentence> all = new ArrayList<>(unique.values());
        all.sort(Comparator.comparing(RecordedSentence::recordingId).thenComparingDouble(RecordedSentence::startSec));
        return all;
    }

    /** Forgets a deleted persona's voice. */
    public void forget(String ownerId, String personaId) {
        voices().deleteOne(Filters.and(Filters.eq("_id", personaId), Filters.eq("ownerId", ownerId)))
                .await().atMost(QUERY_TIMEOUT);
    }

    VoiceProfile measure(String ownerId, String personaId, List<RecordedSentence> sentences) {
        ChatConfig.Voice v = config.voice();
        VoiceProfile fallback = VoiceProfile.defaults(v.defaultPitchHz(), v.defaultWordsPerMinute());
        if (sentences.isEmpty()) {
            return fallback;
        }
        double seconds = 0;
        int words = 0;
        for (RecordedSentence s : sentences) {
            seconds += s.seconds();
            words += s.words();
        }
        Map<String, List<RecordedSentence>> byRecording = new LinkedHashMap<>();
        double budget = v.profileMaxSpeechSeconds();
        for (RecordedSentence s : sentences) {
            if (budget <= 0) {
                break;
            }
            List<RecordedSentence> list = byRecording.get(s.recordingId());
            if (list == null) {
                if (byRecording.size() >= v.profileMaxRecordings()) {
                    continue;
                }
                list = new ArrayList<>();
                byRecording.put(s.recordingId(), list);
            }
            list.add(s);
            budget -= s.seconds();
        }
        List<double[]> frames = new ArrayList<>();
        int measuredRecordings = 0;
        for (Map.Entry<String, List<RecordedSentence>> e : byRecording.entrySet()) {
            double last = e.getValue().stream().mapToDouble(RecordedSentence::endSec).max().orElse(0);
            PcmAudio pcm = audio.upTo(ownerId, personaId, e.getKey(), last);
            if (pcm == null) {
                continue;
            }
            measuredRecordings++;
            for (RecordedSentence s : e.getValue()) {
                frames.add(PitchEstimator.voicedF0(pcm.samples(), pcm.sampleAt(s.startSec()), pcm.sampleAt(s.endSec()),
                        pcm.sampleRate()));
            }
        }
        double[] all = frames.stream().flatMapToDouble(Arrays::stream).toArray();
        double pitch = PitchEstimator.median(all);
        double rate = seconds > 0 ? words / seconds * 60 : v.defaultWordsPerMinute();
        if (Double.isNaN(pitch)) {
            return new VoiceProfile(fallback.medianPitchHz(), rate, 0, measuredRecordings, false);
        }
        return new VoiceProfile(Math.round(pitch * 10) / 10.0, Math.round(rate * 10) / 10.0,
                Math.round(all.length * 0.02 * 10) / 10.0, measuredRecordings, true);
    }

    private List<String> recordingIds(String ownerId, String personaId) {
        List<String> ids = chunks().distinct("sourceId", recordingChunks(ownerId, personaId), String.class)
                .collect().asList().await().atMost(QUERY_TIMEOUT);
        return new ArrayList<>(new TreeSet<>(ids));
    }

    private static Bson recordingChunks(String ownerId, String personaId) {
        return Filters.and(Filters.eq("ownerId", ownerId), Filters.eq("personaId", personaId),
                Filters.eq("sourceKind", SourceKind.recording.name()));
    }

    private ReactiveMongoCollection<Document> chunks() {
        return mongo.getDatabase(database).getCollection(MemoryCollections.CHUNKS);
    }

    private ReactiveMongoCollection<Document> voices() {
        return mongo.getDatabase(database).getCollection(COLLECTION);
    }
}

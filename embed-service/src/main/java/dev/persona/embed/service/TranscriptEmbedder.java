package dev.persona.embed.service;

import dev.persona.common.concurrent.Offload;
import dev.persona.common.events.ChunksEmbedded;
import dev.persona.common.events.JobStage;
import dev.persona.common.events.SourceKind;
import dev.persona.common.events.TranscriptReady;
import dev.persona.embed.config.EmbeddingConfig;
import dev.persona.common.memory.ChunkSentence;
import dev.persona.common.memory.MemoryChunk;
import dev.persona.common.memory.Transcript;
import dev.persona.common.memory.TranscriptSegment;
import dev.persona.common.messaging.JobProgressReporter;
import dev.persona.common.messaging.KeyedSender;
import dev.persona.embed.domain.Chunk;
import dev.persona.embed.domain.ChunkIds;
import dev.persona.embed.domain.ChunkRepository;
import dev.persona.embed.domain.PersonaDirectory;
import dev.persona.embed.domain.TranscriptRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The embed stage for one transcript: check the persona, read the transcript, clean and chunk it, embed the chunks,
 * upsert them under deterministic ids, drop chunks a longer earlier version left behind, and announce the result.
 * Every step converges, so the whole stage may be re-run for the same event any number of times; that is what makes
 * redeliveries and topic replays safe. CPU work (chunking, ONNX) runs on worker threads, never the event loop.
 */
@ApplicationScoped
public class TranscriptEmbedder {
    private static final Logger LOG = Logger.getLogger(TranscriptEmbedder.class);

    @Inject
    PersonaDirectory personas;

    @Inject
    TranscriptRepository transcripts;

    @Inject
    ChunkRepository chunks;

    @Inject
    TextCleaner cleaner;

    @Inject
    Chunker chunker;

    @Inject
    EmbeddingEngine engine;

    @Inject
    EmbeddingConfig config;

    @Inject
    JobProgressReporter progress;

    @Inject
    KeyedSender<ChunksEmbedded> chunksEmbedded;

    @Inject
    ModelSwitch modelSwitch;

    @Inject
    MeterRegistry meters;

    /**
     * Not retried as a whole: each remote call (persona check, transcript read, chunk writes, each send) carries its
     * own one retry policy, so a failure is tried a bounded number of times, never retries times retries.
     */
    public Uni<Outcome> process(TranscriptReady event) {
        return process(event, engine.modelId());
    }

    /** With an explicit model id: what a replay after a model change does with the new configured id. */
    public Uni<Outcome> process(TranscriptReady event, String modelId) {
        try {
            validate(event);
        } catch (InvalidEventException e) {
            return Uni.createFrom().failure(e);
        }
        return personas.acceptsWrites(event.ownerId(), event.personaId()).chain(accepts -> {
            if (!accepts) {
                return Uni.createFrom().item(Outcome.personaGone());
            }
            return transcripts.find(event.transcriptId(), event.ownerId(), event.personaId())
                    .onItem().ifNull().failWith(() -> new TranscriptNotFoundException(event.transcriptId()))
                    .chain(transcript -> chunkAndEmbed(event, transcript, modelId));
        });
    }

    private Uni<Outcome> chunkAndEmbed(TranscriptReady event, Transcript transcript, String modelId) {
        if (transcript.sourceId() != null && !transcript.sourceId().equals(event.sourceId())) {
            return Uni.createFrom().failure(new InvalidEventException("Transcript " + transcript.id()
                    + " belongs to source " + transcript.sourceId() + ", not " + event.sourceId() + "."));
        }
        Source source = Source.of(event, transcript);
        Timer.Sample started = Timer.start(meters);
        return Offload.blocking(() -> chunk(transcript, source))
                .chain(pieces -> pieces.isEmpty()
                        ? noUsableText(event, transcript, modelId)
                        : embedAndStore(event, source, pieces, modelId))
                .invoke(() -> started.stop(meters.timer("persona.embed.duration", "kind",
                        event.sourceKind() == null ? "unknown" : event.sourceKind().name())));
    }

    private List<Chunk> chunk(Transcript transcript, Source source) {
        List<TranscriptSegment> cleaned = transcript.segments().stream()
                .map(s -> s.withText(cleaner.clean(s.text(), source.kind(), source.language())))
                .filter(s -> TextCleaner.hasUsableText(s.text()))
                .toList();
        return chunker.chunk(cleaned, source.language());
    }

    /**
     * A source that became empty must not keep the chunks of an earlier, non-empty version, of any model: cleaning
     * does not depend on the model, and old-model chunks left here would hold a model switch back for ever. chat is
     * told like for a deleted source ({@code chunks-embedded} without chunks), so it drops the source.
     */
    private Uni<Outcome> noUsableText(TranscriptReady event, Transcript transcript, String modelId) {
        String reason = "The transcript has no usable text: " + transcript.segments().size()
                + " segment(s), nothing left after removing noise markers and fillers.";
        return chunks.deleteSource(event.ownerId(), event.personaId(), event.sourceId())
                .chain(() -> modelSwitch.retireOtherModels(event.ownerId(), event.personaId(), modelId))
                .chain(() -> chunksEmbedded(event, List.of(), modelId))
                .chain(() -> progress.failed(event, event.sourceId(), reason))
                .replaceWith(Outcome.noUsableText(reason));
    }

    private Uni<Outcome> embedAndStore(TranscriptReady event, Source source, List<Chunk> pieces, String modelId) {
        List<String> ids = pieces.stream().map(c -> ChunkIds.of(event.sourceId(), modelId, c.index())).toList();
        return progress.progress(event, event.sourceId(), JobStage.embedding, 0.0)
                .chain(() -> chunks.findExisting(event.ownerId(), event.personaId(), ids))
                .chain(existing -> vectors(event, pieces, ids, existing))
                .chain(vectors -> personas.acceptsWrites(event.ownerId(), event.personaId()).chain(accepts -> {
                    if (!accepts) {
                        return Uni.createFrom().item(Outcome.personaGone());
                    }
                    Instant now = Instant.now();
                    List<MemoryChunk> entities = new ArrayList<>(pieces.size());
                    for (int i = 0; i < pieces.size(); i++) {
                        entities.add(stored(ids.get(i), event, source, pieces.get(i), vectors.get(i), modelId, now));
                    }
                    int reused = pieces.size() - vectors.computed();
                    return chunks.upsertAll(entities)
                            // Checked again after the write: an erasure marked meanwhile may already have passed.
                            .chain(() -> personas.acceptsWrites(event.ownerId(), event.personaId()))
                            .chain(still -> still
                                    ? chunks.deleteFromIndex(event.ownerId(), event.personaId(), event.sourceId(),
                                            modelId, pieces.size())
                                            // A model switch ends with the persona's last source: old chunks go.
                                            .chain(() -> modelSwitch.retireOtherModels(event.ownerId(),
                                                    event.personaId(), modelId))
                                            .chain(() -> chunksEmbedded(event, ids, modelId))
                                            .chain(() -> progress.progress(event, event.sourceId(), JobStage.ready, 1.0))
                                            .replaceWith(Outcome.embedded(ids, pieces.size() - reused, reused))
                                    : withdraw(event, ids));
                }));
    }

    /** The persona began to be deleted while its chunks were written: they are removed again, nothing announced. */
    private Uni<Outcome> withdraw(TranscriptReady event, List<String> ids) {
        LOG.infof("Persona %s began to be deleted while chunks of source %s were written; removing them",
                event.personaId(), event.sourceId());
        return chunks.deleteIds(event.ownerId(), event.personaId(), ids).replaceWith(Outcome.personaGone());
    }

    /** A chunk's own vector and one per sentence, in sentence order. */
    private record ChunkVectors(float[] chunk, List<float[]> sentences) {
    }

    private Uni<Void> chunksEmbedded(TranscriptReady event, List<String> ids, String modelId) {
        return chunksEmbedded.send(ChunksEmbedded.of(event.ownerId(), event.personaId(), event.jobId(),
                event.sourceId(), ids, modelId));
    }

    /** The vectors of a transcript's chunks, in chunk order, and how many chunks the model had to embed. */
    private record Vectors(List<ChunkVectors> list, int computed) {
        ChunkVectors get(int index) {
            return list.get(index);
        }
    }

    /**
     * A chunk's vector and its sentences' vectors. A chunk already stored under the same id with the same text and
     * sentence spans keeps its vectors (same model id, same text, same embedding), so replays and duplicate
     * deliveries cost a read, not a model run. Texts are embedded once per job even where overlap repeats them.
     */
    private Uni<Vectors> vectors(TranscriptReady event, List<Chunk> pieces, List<String> ids,
            Map<String, MemoryChunk> existing) {
        List<ChunkVectors> vectors = new ArrayList<>(pieces.size());
        Map<String, float[]> needed = new LinkedHashMap<>();
        int computed = 0;
        for (int i = 0; i < pieces.size(); i++) {
            ChunkVectors stored = reusable(pieces.get(i), existing.get(ids.get(i)));
            vectors.add(stored);
            if (stored == null) {
                computed++;
                Chunk chunk = pieces.get(i);
                needed.put(chunk.text(), null);
                chunk.sentences().forEach(sentence -> needed.put(sentence.textOf(chunk.text()), null));
            }
        }
        if (needed.isEmpty()) {
            return Uni.createFrom().item(new Vectors(vectors, 0));
        }
        List<String> texts = new ArrayList<>(needed.keySet());
        int batchSize = Math.max(1, config.batchSize());
        List<List<String>> batches = new ArrayList<>();
        for (int from = 0; from < texts.size(); from += batchSize) {
            batches.add(texts.subList(from, Math.min(texts.size(), from + batchSize)));
        }
        AtomicInteger done = new AtomicInteger();
        int toCompute = computed;
        return Multi.createFrom().iterable(batches)
                .onItem().transformToUniAndConcatenate(batch -> Offload.blocking(() -> engine.embed(batch))
                        .invoke(embedded -> {
                            for (int k = 0; k < batch.size(); k++) {
                                needed.put(batch.get(k), embedded.get(k));
                            }
                        })
                        .call(embedded -> progress.progress(event, event.sourceId(), JobStage.embedding,
                                (double) done.addAndGet(batch.size()) / texts.size())))
                .collect().last()
                .map(ignored -> {
                    for (int i = 0; i < pieces.size(); i++) {
                        if (vectors.get(i) == null) {
                            Chunk chunk = pieces.get(i);
                            vectors.set(i, new ChunkVectors(needed.get(chunk.text()), chunk.sentences().stream()
                                    .map(sentence -> needed.get(sentence.textOf(chunk.text()))).toList()));
                        }
                    }
                    LOG.debugf("Embedded %d texts for %d of %d chunks of source %s", texts.size(), toCompute,
                            pieces.size(), event.sourceId());
                    return new Vectors(vectors, toCompute);
                });
    }

    private static ChunkVectors reusable(Chunk chunk, MemoryChunk stored) {
        if (stored == null || !chunk.text().equals(stored.text()) || !hasDimension(stored.vector())
                || stored.sentences().size() != chunk.sentences().size()) {
            return null;
        }
        List<float[]> sentenceVectors = new ArrayList<>(chunk.sentences().size());
        for (int k = 0; k < chunk.sentences().size(); k++) {
            ChunkSentence now = chunk.sentences().get(k);
            ChunkSentence before = stored.sentences().get(k);
            if (now.start() != before.start() || now.end() != before.end() || !hasDimension(before.vector())) {
                return null;
            }
            sentenceVectors.add(before.vector());
        }
        return new ChunkVectors(stored.vector(), sentenceVectors);
    }

    private static boolean hasDimension(float[] vector) {
        return vector != null && vector.length == EmbeddingEngine.DIMENSION;
    }

    private static MemoryChunk stored(String id, TranscriptReady event, Source source, Chunk chunk,
            ChunkVectors vectors, String modelId, Instant now) {
        boolean recording = source.kind() == SourceKind.recording;
        List<ChunkSentence> sentences = new ArrayList<>(chunk.sentences().size());
        for (int k = 0; k < chunk.sentences().size(); k++) {
            ChunkSentence s = chunk.sentences().get(k);
            sentences.add(new ChunkSentence(s.start(), s.end(), recording ? s.startSec() : null,
                    recording ? s.endSec() : null, recording ? null : s.page(), vectors.sentences().get(k)));
        }
        return new MemoryChunk(id, event.ownerId(), event.personaId(), event.sourceId(), source.kind(),
                source.name(), event.transcriptId(), source.language(), chunk.index(), chunk.text(),
                chunk.tokenCount(), recording ? chunk.startSec() : null, recording ? chunk.endSec() : null,
                recording ? null : chunk.page(), recording ? null : chunk.endPage(), sentences, vectors.chunk(),
                modelId, now);
    }

    private static void validate(TranscriptReady event) {
        if (blank(event.ownerId()) || blank(event.personaId()) || blank(event.sourceId())
                || blank(event.transcriptId())) {
            throw new InvalidEventException("transcript-ready needs ownerId, personaId, sourceId and transcriptId.");
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /** What the chunks say about their source: the event's view, completed from the stored transcript. */
    private record Source(SourceKind kind, String name, String language) {
        static Source of(TranscriptReady event, Transcript transcript) {
            SourceKind kind = event.sourceKind() != null ? event.sourceKind() : transcript.sourceKind();
            if (kind == null) {
                kind = transcript.segments().stream().anyMatch(s -> s.page() != null)
                        ? SourceKind.document : SourceKind.recording;
            }
            String name = event.sourceName() != null ? event.sourceName() : transcript.sourceName();
            String language = event.language() != null ? event.language() : transcript.language();
            return new Source(kind, name, language);
        }
    }
}

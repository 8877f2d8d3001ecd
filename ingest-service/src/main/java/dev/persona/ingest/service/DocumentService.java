package dev.persona.ingest.service;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.persona.common.concurrent.Offload;
import dev.persona.common.events.JobStage;
import dev.persona.common.events.SourceKind;
import dev.persona.common.events.TranscriptReady;
import dev.persona.common.memory.Transcript;
import dev.persona.common.memory.TranscriptCodec;
import dev.persona.common.memory.TranscriptSegment;
import dev.persona.common.messaging.KeyedSender;
import dev.persona.common.problem.ApiException;
import dev.persona.common.problem.ErrorCodes;
import dev.persona.ingest.config.IngestConfig;
import dev.persona.ingest.domain.DocumentRecord;
import dev.persona.ingest.domain.Job;
import dev.persona.ingest.media.MediaStore.MediaObject;
import dev.persona.ingest.media.MediaStore;
import dev.persona.ingest.text.Deadline;
import dev.persona.ingest.text.DocumentExtractor;
import dev.persona.ingest.text.DocumentFormat;
import dev.persona.ingest.text.DocumentLimits;
import dev.persona.ingest.text.DocumentSniffer;
import dev.persona.ingest.text.ExtractedText;
import dev.persona.ingest.text.ParseWorkers;
import dev.persona.ingest.text.TextCleaner;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.mongodb.FindOptions;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;
import org.bson.BsonMaximumSizeExceededException;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.bson.conversions.Bson;
import org.jboss.logging.Logger;

/**
 * Document uploads: detect, extract, clean, then store the text as the source's transcript and announce it on
 * {@code transcript-ready}. Documents skip transcription, so their job starts at {@code transcribed}.
 */
@ApplicationScoped
public class DocumentService {
    private static final Logger LOG = Logger.getLogger(DocumentService.class);
    /** MongoDB refuses documents above 16 MiB; the transcript's fields besides its segments fit well within this. */
    static final long MONGO_MAX_DOCUMENT_BYTES = 16L * 1024 * 1024;
    private static final long TRANSCRIPT_METADATA_ALLOWANCE = 64 * 1024;
    private final TextCleaner cleaner = new TextCleaner();
    private ParseWorkers workers;
    private DocumentLimits limits;

    @Inject
    PersonaService personas;

    @Inject
    DocumentExtractor extractor;

    @Inject
    MediaStore media;

    @Inject
    KeyedSender<TranscriptReady> transcriptReady;

    @Inject
    IngestConfig config;

    @Inject
    MeterRegistry metrics;

    @Inject
    TranscriptStore transcripts;

    @Inject
    Quotas quotas;

    @Inject
    SourceErasure erasure;

    public record Accepted(DocumentRecord document, Job job) {
    }

    @PostConstruct
    void init() {
        IngestConfig.Documents documents = config.documents();
        limits = DocumentLimits.of(documents);
        DocumentExtractor.applyPoiLimits(limits);
        workers = new ParseWorkers(documents.parseThreads(), documents.parseQueue(), documents.parseTimeout(),
                documents.queueTimeout());
    }

    @PreDestroy
    void close() {
        workers.close();
    }

    /** Each segment is a paragraph of cleaned text with the PDF page it came from (null for formats without pages). */
    private record Prepared(byte[] bytes, DocumentFormat format, ExtractedText extracted,
            List<TranscriptSegment> segments) {
    }

    public Uni<Accepted> upload(String ownerId, String personaId, Upload upload) {
        // The request's context, where its trace lives: the upload's event is sent from it.
        Executor request = Offload.callersContext();
        return personas.requireActive(ownerId, personaId)
                .flatMap(persona -> {
                    upload.checkSize(config.maxDocumentBytes());
                    // Cheap refusal before parsing when the quota cannot take the document's bytes.
                    return quotas.requireRoom(ownerId, upload.size(), false)
                            .chain(() -> Offload.onCallersContext(workers.submit(deadline -> prepare(upload, deadline))))
                            .flatMap(prepared -> store(ownerId, personaId, persona.getString("language"), upload, prepared,
                                    request));
                })
                .invoke(() -> metrics.counter("persona.ingest.uploads", "kind", "document", "outcome", "accepted").increment())
                .onFailure(ApiException.class).invoke(e -> metrics.counter("persona.ingest.uploads", "kind", "document",
                        "outcome", ((ApiException) e).code()).increment());
    }

    private Prepared prepare(Upload upload, Deadline deadline) {
        byte[] bytes = upload.read();
        DocumentFormat format = DocumentSniffer.sniff(bytes, upload.fileName()).orElseThrow(() -> new ApiException(415,
                ErrorCodes.UNSUPPORTED_FORMAT, "Unsupported format",
                "The file is not a supported document (txt, md, eml, msg, pdf, docx)."));
        ExtractedText extracted = extractor.extract(bytes, format, limits, deadline);
        List<TranscriptSegment> segments = new ArrayList<>();
        for (ExtractedText.Section section : extracted.sections()) {
            deadline.check();
            for (String paragraph : cleaner.paragraphs(section.text())) {
                segments.add(TranscriptSegment.written(section.page(), paragraph));
            }
        }
        if (segments.isEmpty()) {
            throw new ApiException(422, ErrorCodes.EMPTY_FILE, "No text",
                    "The document contains no text of its own once quotes, signatures and boilerplate are removed.");
        }
        requireStorable(segments);
        return new Prepared(bytes, format, extracted, segments);
    }

    /**
     * The transcript is one MongoDB document, so its text must fit in 16 MiB of BSON (with its per-paragraph
     * overhead). Refused here, before anything is written, rather than by the driver halfway through storing.
     */
    private void requireStorable(List<TranscriptSegment> segments) {
        long limit = Math.min(config.documents().maxTranscriptBytes(),
                MONGO_MAX_DOCUMENT_BYTES - TRANSCRIPT_METADATA_ALLOWANCE);
        List<Document> encoded = segments.stream().map(TranscriptCodec::encode).toList();
        long bytes = new RawBsonDocument(new Document("segments", encoded), new DocumentCodec()).getByteBuffer()
                .remaining();
        if (bytes > limit) {
            throw new ApiException(413, ErrorCodes.PAYLOAD_TOO_LARGE, "Payload too large", "The document's text takes "
                    + bytes + " bytes as stored; at most " + limit + " fit in one stored transcript (MongoDB's 16 MiB "
                    + "document limit; persona.ingest.documents.max-transcript-bytes). Split the document.");
        }
    }

    private Uni<Accepted> store(String ownerId, String personaId, String language, Upload upload, Prepared prepared,
            Executor request) {
        String documentId = UUID.randomUUID().toString();
        String originalRef = "document-" + documentId + "-original";
        Job job = JobService.newJob(ownerId, personaId, documentId, SourceKind.document, JobStage.transcribed, 0.5);
        DocumentRecord document = new DocumentRecord();
        document.id = documentId;
        document.ownerId = ownerId;
        document.personaId = personaId;
        document.jobId = job.id;
        document.fileName = upload.fileName();
        document.format = prepared.format().label();
        document.contentType = prepared.format().contentType();
        document.sizeBytes = prepared.bytes().length;
        document.pages = prepared.extracted().pages();
        document.characters = prepared.segments().stream().mapToInt(s -> s.text().length()).sum();
        document.originalRef = originalRef;
        document.status = JobStage.transcribed;
        document.createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        document.updatedAt = document.createdAt;
        Transcript transcript = transcript(document, language, prepared);
        TranscriptReady event = TranscriptReady.of(ownerId, personaId, job.id, documentId, SourceKind.document,
                document.fileName, documentId, language);
        Quotas.Claim claim = quotas.claim(ownerId, personaId, document.sizeBytes, 0);

        return claim.reserve().chain(() -> media.put(new MediaObject(originalRef, ownerId, personaId, documentId,
                document.fileName, document.contentType, "original", prepared.bytes().length), prepared.bytes())
                .chain(() -> document.persist())
                .chain(() -> transcripts.insert(transcript))
                .chain(() -> job.persist())
                // Booked on the persona only if it is not being deleted (else 409); what was written goes again.
                .chain(claim::commit)
                // Sent from the request's own context, so the event carries the upload's trace whichever thread
                // the store (or a retry) answered on.
                .emitOn(request)
                .chain(() -> transcriptReady.send(event))
                .onFailure().call(e -> discard(ownerId, personaId, documentId, job.id, originalRef, e)
                        .chain(claim::giveBack)))
                .replaceWith(new Accepted(document, job))
                // Retrying cannot help a document the store refuses for its size: say so instead of 503.
                .onFailure(BsonMaximumSizeExceededException.class).transform(e -> new ApiException(413,
                        ErrorCodes.PAYLOAD_TOO_LARGE, "Payload too large", "The document's text is larger than "
                                + "MongoDB's 16 MiB document limit; nothing was kept. Split the document."))
                .onFailure(e -> !(e instanceof ApiException)).transform(e -> new ApiException(503,
                        ErrorCodes.SERVICE_UNAVAILABLE, "Service unavailable",
                        "The document could not be stored right now; nothing was kept. Try again."));
    }

    /** Stored under the document's id, like a recording's transcript under the recording's. */
    private static Transcript transcript(DocumentRecord document, String language, Prepared prepared) {
        return new Transcript(document.id, document.ownerId, document.personaId, SourceKind.document,
                document.fileName, language, prepared.extracted().engine(), document.format, null, null, null,
                prepared.segments(), document.createdAt);
    }

    private Uni<Void> discard(String ownerId, String personaId, String documentId, String jobId, String originalRef,
            Throwable cause) {
        LOG.warnf("Upload of document %s failed after storing began (%s); removing what was written", documentId,
                cause.toString());
        Bson owned = Filters.and(Filters.eq("ownerId", ownerId), Filters.eq("personaId", personaId));
        return Uni.join().all(media.delete(originalRef),
                DocumentRecord.mongoCollection().deleteOne(Filters.and(owned, Filters.eq("_id", documentId)))
                        .replaceWithVoid(),
                transcripts.delete(ownerId, personaId, documentId),
                Job.mongoCollection().deleteOne(Filters.and(owned, Filters.eq("_id", jobId))).replaceWithVoid())
                .andCollectFailures().replaceWithVoid()
                .onFailure().invoke(e -> LOG.errorf(e, "Could not remove the partial upload of document %s", documentId))
                .onFailure().recoverWithNull();
    }

    public Uni<List<DocumentRecord>> list(String ownerId, String personaId) {
        return personas.requireActive(ownerId, personaId).flatMap(p -> DocumentRecord.<DocumentRecord>mongoCollection()
                .find(Filters.and(Filters.eq("ownerId", ownerId), Filters.eq("personaId", personaId)),
                        new FindOptions().sort(Sorts.descending("createdAt")).limit(1000))
                .collect().asList());
    }

    public Uni<DocumentRecord> get(String ownerId, String personaId, String documentId) {
        return personas.requireActive(ownerId, personaId).flatMap(p -> DocumentRecord.<DocumentRecord>mongoCollection()
                .find(Filters.and(Filters.eq("_id", documentId), Filters.eq("ownerId", ownerId),
                        Filters.eq("personaId", personaId)))
                .collect().first())
                .onItem().ifNull().failWith(() -> ApiException.notFound(ErrorCodes.NOT_FOUND, "No such document."));
    }

    /**
     * Deletes one document with its original, text, chunks and job, and gives its bytes back to the quota; 409
     * conflict while its job is still running.
     */
    public Uni<java.util.Map<String, Long>> delete(String ownerId, String personaId, String documentId) {
        return get(ownerId, personaId, documentId).flatMap(d -> erasure.erase(new SourceErasure.Source(ownerId,
                personaId, d.id, SourceKind.document, d.jobId, List.of(d.originalRef), DocumentRecord.mongoCollection(),
                d.sizeBytes, 0)));
    }
}

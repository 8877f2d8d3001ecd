package dev.persona.ingest.service;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.persona.common.problem.ApiException;
import dev.persona.common.problem.ErrorCodes;
import dev.persona.ingest.config.IngestConfig;
import dev.persona.ingest.domain.DocumentRecord;
import dev.persona.ingest.domain.OwnerUsage;
import dev.persona.ingest.domain.Persona;
import dev.persona.ingest.domain.Recording;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.function.Function;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jboss.logging.Logger;

/**
 * Per-owner quotas: personas, stored bytes and recorded time. MongoDB-wire servers here have no transactions, so
 * each reservation is one conditional {@code $inc} on the owner's {@link OwnerUsage} document: its filter only
 * matches while the result stays within the limit, so two concurrent uploads cannot both take the last room. What an
 * upload reserved is then committed to its persona ({@code $inc} on the persona, only while it is not being deleted),
 * or given back when the upload fails. Deleting a source or a persona gives its share back.
 */
@ApplicationScoped
public class Quotas {
    private static final Logger LOG = Logger.getLogger(Quotas.class);
    /** A reservation refused although nothing seemed over the limit lost a race with a release: try again once. */
    private static final int ATTEMPTS = 2;
    private static final int WAV_HEADER_BYTES = 44;
    private static final int NORMALISED_BYTES_PER_SEC = 32_000;

    @Inject
    IngestConfig config;

    public record Usage(long personas, long storedBytes, long recordedMs) {
    }

    /** What one upload holds of the quota, from its reservation until it is stored or given back. */
    public final class Claim {
        private final String ownerId;
        private final String personaId;
        private final long bytes;
        private final long ms;
        private volatile boolean reserved;
        private volatile boolean committed;

        private Claim(String ownerId, String personaId, long bytes, long ms) {
            this.ownerId = ownerId;
            this.personaId = personaId;
            this.bytes = bytes;
            this.ms = ms;
        }

        /** 413 quota-exceeded naming the limit when the owner has no room for it. */
        public Uni<Void> reserve() {
            return reserveStorage(ownerId, bytes, ms).invoke(() -> reserved = true);
        }

        /**
         * Books the stored upload on its persona, unless the persona began to be deleted meanwhile (409
         * persona-deleting) or is gone (404): its erasure then gives back what its persona holds, nothing more.
         */
        public Uni<Void> commit() {
            return Persona.mongoCollection().updateOne(activePersona(ownerId, personaId),
                    Updates.combine(Updates.inc(Persona.STORED_BYTES, bytes), Updates.inc(Persona.RECORDED_MS, ms)))
                    .flatMap(r -> {
                        if (r.getMatchedCount() > 0) {
                            committed = true;
                            return Uni.createFrom().voidItem();
                        }
                        return whyInactive(ownerId, personaId).flatMap(e -> Uni.createFrom().<Void>failure(e));
                    });
        }

        /** After a failure: undoes the reservation (and the commit); never fails. */
        public Uni<Void> giveBack() {
            Uni<Boolean> ownerShareHeld;
            if (committed) {
                // If the persona record is already gone, its erasure gave this share back with the persona's.
                ownerShareHeld = Persona.mongoCollection().updateOne(ownedPersona(ownerId, personaId),
                        Updates.combine(Updates.inc(Persona.STORED_BYTES, -bytes), Updates.inc(Persona.RECORDED_MS, -ms)))
                        .map(r -> r.getMatchedCount() > 0);
            } else {
                ownerShareHeld = Uni.createFrom().item(reserved);
            }
            return ownerShareHeld.flatMap(held -> held ? release(ownerId, 0, bytes, ms) : Uni.createFrom().voidItem())
                    .invoke(() -> {
                        reserved = false;
                        committed = false;
                    })
                    .onFailure().invoke(e -> LOG.errorf(e, "Could not give back %d bytes / %d ms of owner %s's quota",
                            bytes, ms, ownerId))
                    .onFailure().recoverWithNull();
        }
    }

    public Claim claim(String ownerId, String personaId, long bytes, long ms) {
        return new Claim(ownerId, personaId, Math.max(0, bytes), Math.max(0, ms));
    }

    /** Takes one persona of the owner's quota; 429 quota-exceeded naming the limit when none is left. */
    public Uni<Void> reservePersona(String ownerId) {
        long max = config.quotas().maxPersonas();
        return reserve(ownerId, Filters.lte(OwnerUsage.PERSONAS, max - 1), Updates.inc(OwnerUsage.PERSONAS, 1),
                usage -> usage.personas() + 1 > max ? personasExceeded(usage, max) : null, ATTEMPTS);
    }

    /**
     * Refuses early, before a byte is decoded or parsed, an upload that cannot fit whatever it turns into: the
     * owner's storage is too full for its bytes as uploaded, or all recorded time is used. Reserves nothing.
     */
    public Uni<Void> requireRoom(String ownerId, long uploadBytes, boolean recording) {
        long maxMs = config.quotas().maxRecordedTime().toMillis();
        return usage(ownerId).invoke(usage -> {
            ApiException refusal = storageRefusal(usage, uploadBytes, 0);
            if (refusal == null && recording && usage.recordedMs() >= maxMs) {
                refusal = new ApiException(413, ErrorCodes.QUOTA_EXCEEDED, "Quota exceeded", String.format(Locale.ROOT,
                        "All %s of recordings each owner may keep are in use (limit "
                                + "persona.ingest.quotas.max-recorded-time). Delete recordings or personas to make "
                                + "room.", minutes(maxMs)));
            }
            if (refusal != null) {
                throw refusal;
            }
        }).replaceWithVoid();
    }

    /** Gives back what a deleted persona or source held (negative increments; never below what was reserved). */
    public Uni<Void> release(String ownerId, long personas, long bytes, long ms) {
        if (personas == 0 && bytes == 0 && ms == 0) {
            return Uni.createFrom().voidItem();
        }
        return OwnerUsage.mongoCollection().updateOne(Filters.eq("_id", ownerId), Updates.combine(
                Updates.inc(OwnerUsage.PERSONAS, -personas), Updates.inc(OwnerUsage.STORED_BYTES, -bytes),
                Updates.inc(OwnerUsage.RECORDED_MS, -ms))).replaceWithVoid();
    }

    /** The owner's current usage (counted from the stored data the first time the owner is seen). */
    public Uni<Usage> usage(String ownerId) {
        return read(ownerId).flatMap(usage -> usage != null ? Uni.createFrom().item(usage)
                : seed(ownerId).chain(() -> read(ownerId)))
                .map(usage -> usage == null ? new Usage(0, 0, 0) : usage);
    }

    /** Gives back what a deleted source held: from its persona, then (if the persona still held it) from the owner. */
    public Uni<Void> releaseSource(String ownerId, String personaId, long bytes, long ms) {
        return Persona.mongoCollection().updateOne(ownedPersona(ownerId, personaId),
                Updates.combine(Updates.inc(Persona.STORED_BYTES, -bytes), Updates.inc(Persona.RECORDED_MS, -ms)))
                .flatMap(r -> r.getMatchedCount() > 0 ? release(ownerId, 0, bytes, ms) : Uni.createFrom().voidItem());
    }

    private Uni<Void> reserveStorage(String ownerId, long bytes, long ms) {
        long maxBytes = config.quotas().maxStoredBytes();
        long maxMs = config.quotas().maxRecordedTime().toMillis();
        Bson within = Filters.and(Filters.lte(OwnerUsage.STORED_BYTES, maxBytes - bytes),
                Filters.lte(OwnerUsage.RECORDED_MS, maxMs - ms));
        Bson increment = Updates.combine(Updates.inc(OwnerUsage.STORED_BYTES, bytes),
                Updates.inc(OwnerUsage.RECORDED_MS, ms));
        return reserve(ownerId, within, increment, usage -> storageRefusal(usage, bytes, ms), ATTEMPTS);
    }

    /**
     * One conditional increment; when it matches nothing, either the owner has no usage document yet (it is counted
     * from the data and the increment tried again) or a limit would be passed, which {@code refusal} names.
     */
    private Uni<Void> reserve(String ownerId, Bson within, Bson increment, Function<Usage, ApiException> refusal,
            int attempts) {
        return OwnerUsage.mongoCollection().updateOne(Filters.and(Filters.eq("_id", ownerId), within), increment)
                .flatMap(r -> {
                    if (r.getMatchedCount() > 0) {
                        return Uni.createFrom().voidItem();
                    }
                    return read(ownerId).flatMap(usage -> {
                        if (usage == null) {
                            return seed(ownerId).chain(() -> reserve(ownerId, within, increment, refusal, attempts));
                        }
                        ApiException refused = refusal.apply(usage);
                        if (refused != null) {
                            return Uni.createFrom().failure(refused);
                        }
                        if (attempts <= 1) {
                            return Uni.createFrom().failure(new ApiException(503, ErrorCodes.SERVICE_UNAVAILABLE,
                                    "Service unavailable", "Your usage changed while this was checked; try again.",
                                    java.util.Map.of("Retry-After", "1")));
                        }
                        return reserve(ownerId, within, increment, refusal, attempts - 1);
                    });
                });
    }

    private Uni<Usage> read(String ownerId) {
        return OwnerUsage.<OwnerUsage>mongoCollection().find(Filters.eq("_id", ownerId)).collect().first()
                .map(u -> u == null ? null : new Usage(u.personas, u.storedBytes, u.recordedMs));
    }

    /**
     * The owner's usage document, counted from what is stored: every persona (those being deleted included) and
     * their counters. Personas written before quotas existed get their counters from their recordings and documents
     * first. Concurrent first requests may both count; the first insert wins and the other changes nothing.
     */
    private Uni<Void> seed(String ownerId) {
        return Persona.mongoCollection().withDocumentClass(Document.class)
                .find(Filters.and(Filters.eq("ownerId", ownerId), Filters.exists(Persona.STORED_BYTES, false)))
                .onItem().transformToUniAndConcatenate(p -> seedPersona(ownerId, p.getString("_id")))
                .collect().last()
                .chain(() -> Persona.<Persona>mongoCollection().find(Filters.eq("ownerId", ownerId)).collect().asList())
                .chain(list -> OwnerUsage.mongoCollection().updateOne(Filters.eq("_id", ownerId), Updates.combine(
                        Updates.setOnInsert(OwnerUsage.PERSONAS, (long) list.size()),
                        Updates.setOnInsert(OwnerUsage.STORED_BYTES, list.stream().mapToLong(p -> p.storedBytes).sum()),
                        Updates.setOnInsert(OwnerUsage.RECORDED_MS, list.stream().mapToLong(p -> p.recordedMs).sum())),
                        new UpdateOptions().upsert(true)))
                // Real MongoDB may refuse the second of two concurrent upserts; the first one counted the same.
                .onFailure(Quotas::isDuplicateKey).recoverWithNull()
                .replaceWithVoid();
    }

    /** Counters of a persona stored before quotas existed, from its records. */
    private Uni<Void> seedPersona(String ownerId, String personaId) {
        Bson owned = Filters.and(Filters.eq("ownerId", ownerId), Filters.eq("personaId", personaId));
        Uni<long[]> recordings = Recording.mongoCollection().withDocumentClass(Document.class)
                .find(owned, new io.quarkus.mongodb.FindOptions().projection(
                        Projections.include("sizeBytes", "storedBytes", "durationSec")))
                .collect().in(() -> new long[2], (sum, r) -> {
                    sum[0] += storedBytesOf(r);
                    sum[1] += Math.round(number(r, "durationSec") * 1000);
                });
        Uni<Long> documents = DocumentRecord.mongoCollection().withDocumentClass(Document.class)
                .find(owned, new io.quarkus.mongodb.FindOptions().projection(Projections.include("sizeBytes")))
                .collect().in(() -> new long[1], (sum, d) -> sum[0] += (long) number(d, "sizeBytes"))
                .map(sum -> sum[0]);
        return Uni.combine().all().unis(recordings, documents).asTuple()
                .chain(t -> Persona.mongoCollection().updateOne(
                        Filters.and(ownedPersona(ownerId, personaId), Filters.exists(Persona.STORED_BYTES, false)),
                        Updates.combine(Updates.set(Persona.STORED_BYTES, t.getItem1()[0] + t.getItem2()),
                                Updates.set(Persona.RECORDED_MS, t.getItem1()[1]))))
                .replaceWithVoid();
    }

    /** A recording from before {@code storedBytes} existed: its original plus the normalised wav made from it. */
    static long storedBytesOf(Document recording) {
        return storedBytesOf((long) number(recording, "storedBytes"), (long) number(recording, "sizeBytes"),
                number(recording, "durationSec"));
    }

    static long storedBytesOf(long storedBytes, long sizeBytes, double durationSec) {
        if (storedBytes > 0) {
            return storedBytes;
        }
        return sizeBytes + WAV_HEADER_BYTES + Math.round(durationSec * NORMALISED_BYTES_PER_SEC);
    }

    private static double number(Document doc, String field) {
        Object value = doc.get(field);
        return value instanceof Number n ? n.doubleValue() : 0;
    }

    private ApiException storageRefusal(Usage usage, long bytes, long ms) {
        long maxBytes = config.quotas().maxStoredBytes();
        long maxMs = config.quotas().maxRecordedTime().toMillis();
        if (usage.storedBytes() > maxBytes - bytes) {
            return new ApiException(413, ErrorCodes.QUOTA_EXCEEDED, "Quota exceeded", String.format(Locale.ROOT,
                    "Storing this upload takes %d bytes; %d of the %d bytes each owner may store are in use "
                            + "(limit persona.ingest.quotas.max-stored-bytes). Delete recordings, documents or "
                            + "personas to make room.",
                    bytes, Math.min(usage.storedBytes(), maxBytes), maxBytes));
        }
        if (ms > 0 && usage.recordedMs() > maxMs - ms) {
            return new ApiException(413, ErrorCodes.QUOTA_EXCEEDED, "Quota exceeded", String.format(Locale.ROOT,
                    "This recording is %s long; %s of the %s of recordings each owner may keep are in use "
                            + "(limit persona.ingest.quotas.max-recorded-time). Delete recordings or personas to "
                            + "make room.",
                    minutes(ms), minutes(Math.min(usage.recordedMs(), maxMs)), minutes(maxMs)));
        }
        return null;
    }

    private static ApiException personasExceeded(Usage usage, long max) {
        return new ApiException(429, ErrorCodes.QUOTA_EXCEEDED, "Quota exceeded", String.format(Locale.ROOT,
                "You have %d personas; each owner may have at most %d (limit persona.ingest.quotas.max-personas). "
                        + "Delete one to create another.", Math.min(usage.personas(), max), max));
    }

    private static String minutes(long ms) {
        return String.format(Locale.ROOT, "%.2f minutes", ms / 60_000.0);
    }

    /** Why a persona takes no more writes: 409 persona-deleting while its erasure runs, else 404. */
    static Uni<ApiException> whyInactive(String ownerId, String personaId) {
        return Persona.<Persona>mongoCollection().find(ownedPersona(ownerId, personaId)).collect().first()
                .map(p -> p == null ? PersonaService.notFound() : PersonaService.deleting());
    }

    static Bson ownedPersona(String ownerId, String personaId) {
        return Filters.and(Filters.eq("_id", personaId), Filters.eq("ownerId", ownerId));
    }

    static Bson activePersona(String ownerId, String personaId) {
        return Filters.and(ownedPersona(ownerId, personaId), Filters.exists(Persona.DELETING_AT, false));
    }

    private static boolean isDuplicateKey(Throwable e) {
        return e instanceof MongoWriteException w && w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
    }
}

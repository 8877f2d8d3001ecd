package dev.persona.ingest.media;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.nio.ByteBuffer;

/**
 * Where uploaded bytes and normalised audio live. GridFS (bucket {@code media}) is the default; an S3-compatible
 * store can implement the same contract. Every object carries its owner and persona so reads and erasure can filter
 * by both.
 */
public interface MediaStore {

    /** Stores {@code bytes} under the caller-chosen {@code mediaId}; returns the id. */
    default Uni<String> put(MediaObject object, byte[] bytes) {
        return put(object, Multi.createFrom().item(ByteBuffer.wrap(bytes)));
    }

    /**
     * Stores the buffers in order under the caller-chosen {@code mediaId}, taking them as the store is ready for them
     * (so a producer can make them one at a time); returns the id.
     */
    Uni<String> put(MediaObject object, Multi<ByteBuffer> content);

    /** Facts about an object, or null when it does not exist for this owner and persona. */
    Uni<MediaObject> find(String ownerId, String personaId, String mediaId);

    /** The object's bytes in order, in chunks. */
    Multi<byte[]> stream(String ownerId, String personaId, String mediaId);

    /** Removes one object; succeeds when it is already gone. */
    Uni<Void> delete(String mediaId);

    /** Removes every object of one persona; returns how many there were. */
    Uni<Long> deleteAll(String ownerId, String personaId);

    /** How many objects one persona has (used by tests and operators to spot leftovers). */
    Uni<Long> count(String ownerId, String personaId);

    record MediaObject(String id, String ownerId, String personaId, String sourceId, String fileName,
            String contentType, String role, long length) {
    }
}

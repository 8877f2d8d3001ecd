package dev.persona.common.events;

/** Where a piece of memory came from; decides whether citations carry seconds or pages. */
public enum SourceKind {
    recording,
    document
}

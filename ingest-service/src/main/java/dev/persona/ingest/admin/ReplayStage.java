package dev.persona.ingest.admin;

import dev.persona.common.events.Topics;
import dev.persona.common.problem.ApiException;
import dev.persona.common.problem.ErrorCodes;

/** A stage a replay starts from, with the topic that feeds it. */
public enum ReplayStage {
    /** Re-transcribe recordings: {@code audio-uploaded} from ingest's recordings (documents have no such stage). */
    transcribe(Topics.AUDIO_UPLOADED),
    /** Re-chunk and re-embed every source: {@code transcript-ready} from the {@code transcripts} collection. */
    embed(Topics.TRANSCRIPT_READY);

    private final String topic;

    ReplayStage(String topic) {
        this.topic = topic;
    }

    public String topic() {
        return topic;
    }

    public String group(ReplayConfig config) {
        return this == transcribe ? config.groups().transcribe() : config.groups().embed();
    }

    static ReplayStage parse(String value) {
        if (value != null) {
            for (ReplayStage stage : values()) {
                if (stage.name().equals(value)) {
                    return stage;
                }
            }
        }
        throw ApiException.badRequest(ErrorCodes.VALIDATION_FAILED, "'stage' must be 'transcribe' or 'embed'.");
    }
}

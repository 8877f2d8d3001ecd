package dev.persona.deploy.service;

/**
 * One smallrye-kafka channel of a service: the topic it reads or writes and, for an incoming channel, its consumer
 * group, where it starts without a committed offset and its dead-letter topic (null without that failure strategy).
 */
public record KafkaChannel(String name, boolean incoming, String topic, String groupId, String autoOffsetReset,
        String deadLetterTopic) {

    /** A group of its own per instance (the group id changes every start): lag there says nothing about load. */
    public boolean groupPerInstance() {
        return groupId != null && groupId.contains(QuarkusService.UUID_PLACEHOLDER);
    }
}

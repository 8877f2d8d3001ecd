package dev.persona.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RoutesTest {

    @Test
    void eachPublicPathGoesToTheServiceThatOwnsIt() {
        assertEquals(Optional.of("auth-service"), Routes.serviceFor("/auth/token"));
        assertEquals(Optional.of("ingest-service"), Routes.serviceFor("/personas"));
        assertEquals(Optional.of("ingest-service"), Routes.serviceFor("/personas/p1/recordings"));
        assertEquals(Optional.of("ingest-service"), Routes.serviceFor("/personas/p1/jobs/j1/events"));
        assertEquals(Optional.of("chat-service"), Routes.serviceFor("/personas/p1/chat"));
        assertEquals(Optional.of("chat-service"), Routes.serviceFor("/personas/p1/chat/stream"));
        assertEquals(Optional.of("chat-service"), Routes.serviceFor("/personas/p1/history"));
        assertEquals(Optional.of("chat-service"), Routes.serviceFor("/personas/p1/sessions"));
        assertEquals(Optional.of("chat-service"), Routes.serviceFor("/personas/p1/speech"));
        assertEquals(Optional.of("chat-service"), Routes.serviceFor("/personas/p1/voice"));
        assertEquals(Optional.of("chat-service"), Routes.serviceFor("/personas/p1/voice-chat"));
        assertEquals(Optional.of("ingest-service"), Routes.serviceFor("/personas/p1/voice-chatter"));
        assertEquals(Optional.of("chat-service"), Routes.serviceFor("/personas/p1/chat/messages/m1/audio"));
        assertEquals(Optional.of("ingest-service"), Routes.serviceFor("/personas/p1/recordings/r1/audio"));
        assertEquals(Optional.of("chat-service"), Routes.serviceFor("/v1/chat/completions"));
        assertEquals(Optional.of("ingest-service"), Routes.serviceFor("/personas/chat"));
        assertEquals(Optional.of("ingest-service"), Routes.serviceFor("/admin/replay"));
        assertEquals(Optional.of("ingest-service"), Routes.serviceFor("/admin/replays/r1"));
        assertEquals(Optional.empty(), Routes.serviceFor("/administrator"));
        assertEquals(Optional.empty(), Routes.serviceFor("/q/health"));
        assertEquals(Optional.empty(), Routes.serviceFor("/authx"));
    }
}

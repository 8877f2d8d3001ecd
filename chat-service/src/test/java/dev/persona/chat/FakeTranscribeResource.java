package dev.persona.chat;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points voice chat at {@link FakeTranscribeServer} for every test of this module, so the voice tests share the one
 * application the other tests run in (a profile of their own would start a second one). One voice question at a
 * time per instance, so the cap can be shown with two.
 */
public class FakeTranscribeResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("persona.chat.voice-chat.transcribe-url", FakeTranscribeServer.get().baseUrl(),
                "persona.chat.voice-chat.max-concurrent", "1");
    }

    @Override
    public void stop() {
    }
}

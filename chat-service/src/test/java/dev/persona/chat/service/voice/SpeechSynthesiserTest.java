package dev.persona.chat.service.voice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.persona.common.audio.PcmAudio;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The synthesised voice with a remote cloning provider configured: a local stub of {@code /v1/audio/speech} stands
 * for the provider. Its audio is used when it answers; when it fails or hangs, the offline voice speaks instead.
 */
class SpeechSynthesiserTest {
    private static final VoiceProfile PROFILE = new VoiceProfile(180, 150, 10, 1, true);
    private HttpServer server;
    private final CountDownLatch release = new CountDownLatch(1);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private SpeechSynthesiser synthesiser(int status, byte[] answer, boolean hang) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/audio/speech", exchange -> {
            exchange.getRequestBody().readAllBytes();
            if (hang) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.sendResponseHeaders(status, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(2));
        server.start();
        SpeechSynthesiser s = new SpeechSynthesiser();
        s.remote = new RemoteVoice(new OpenAiSpeechClient(new OpenAiSpeechClient.Settings(
                "http://127.0.0.1:" + server.getAddress().getPort() + "/v1", Optional.empty(), "xtts", "persona",
                Duration.ofMillis(500), 1_000_000)));
        s.offline = new OfflineVoice();
        s.profiles = new VoiceProfiles() {
            @Override
            public List<RecordedSentence> sentences(String ownerId, String personaId) {
                return List.of();
            }
        };
        s.meters = meters;
        return s;
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void theProvidersVoiceIsUsedWhenItAnswers() throws Exception {
        short[] tone = PitchEstimatorTest.tone(240, 0.75);
        SpeechSynthesiser s = synthesiser(200, WavCodec.write(new PcmAudio(tone, 16_000)), false);
        PcmAudio audio = s.speak("o", "p", "Hello there.", PROFILE);
        assertEquals(0.75, audio.durationSec(), 0.01);
        assertEquals(1, meters.counter("persona.chat.voice.synthesis", "voice", "remote").count());
    }

    @Test
    void aFailingProviderFallsBackToTheOfflineVoiceTunedToThePersona() throws Exception {
        SpeechSynthesiser s = synthesiser(503, new byte[0], false);
        PcmAudio audio = s.speak("o", "p", "I like to cook on Sundays for my whole family.", PROFILE);
        assertTrue(audio.durationSec() > 1, audio.durationSec() + " s");
        assertEquals(180, PitchEstimator.medianF0(audio.samples(), 16_000), 180 * 0.15);
        assertEquals(1, meters.counter("persona.chat.voice.synthesis", "voice", "offline-fallback").count());
    }

    @Test
    void aHangingProviderFallsBackOnTime() throws Exception {
        SpeechSynthesiser s = synthesiser(200, new byte[0], true);
        long started = System.nanoTime();
        PcmAudio audio = s.speak("o", "p", "Hello there, how are you?", PROFILE);
        assertTrue(audio.durationSec() > 0.5);
        assertTrue(System.nanoTime() - started < 5_000_000_000L, "did not wait on the provider");
        assertEquals(1, meters.counter("persona.chat.voice.synthesis", "voice", "offline-fallback").count());
    }
}

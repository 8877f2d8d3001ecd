package dev.persona.chat.service.voice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.persona.common.audio.PcmAudio;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The remote cloning client against a local stub of {@code /v1/audio/speech} (the provider is the true boundary). */
class OpenAiSpeechClientTest {
    private HttpServer server;
    private final AtomicReference<JsonNode> received = new AtomicReference<>();
    private final AtomicReference<String> auth = new AtomicReference<>();
    private final CountDownLatch release = new CountDownLatch(1);

    private OpenAiSpeechClient start(int status, byte[] body, boolean hang, Duration timeout) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/audio/speech", exchange -> {
            received.set(new ObjectMapper().readTree(exchange.getRequestBody()));
            auth.set(exchange.getRequestHeaders().getFirst("Authorization"));
            if (hang) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.getResponseHeaders().set("Content-Type", "audio/wav");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(2));
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/";
        return new OpenAiSpeechClient(new OpenAiSpeechClient.Settings(url, Optional.of("secret"), "xtts", "persona",
                timeout, 1_000_000));
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (server != null) {
            server.stop(0);
        }
    }

    private static VoiceReference reference(byte[]... clips) {
        return new VoiceReference("p1", new VoiceProfile(180, 225, 10, 1, true), List.of(clips));
    }

    @Test
    void speaksThroughTheProviderWithTheReferenceClipsAndBringsItTo16kHz() throws Exception {
        short[] samples = PitchEstimatorTest.tone(200, 0.5);
        byte[] at24k = WavCodec.write(new PcmAudio(Resampler.linear(samples, 16_000, 24_000), 24_000));
        OpenAiSpeechClient client = start(200, at24k, false, Duration.ofSeconds(5));
        byte[] clip = WavCodec.write(new PcmAudio(samples, 16_000));

        PcmAudio audio = client.speak("Hello there.", reference(clip));

        assertEquals(16_000, audio.sampleRate());
        assertEquals(0.5, audio.durationSec(), 0.01);
        assertEquals(200, PitchEstimator.medianF0(audio.samples(), 16_000), 3);
        JsonNode body = received.get();
        assertEquals("Hello there.", body.get("input").asText());
        assertEquals("xtts", body.get("model").asText());
        assertEquals("wav", body.get("response_format").asText());
        assertEquals(1.5, body.get("speed").asDouble(), 1e-9, "225 words a minute against an ordinary 150");
        assertEquals(1, body.get("reference_audio").size());
        assertTrue(java.util.Arrays.equals(clip, Base64.getDecoder().decode(body.get("reference_audio").get(0).asText())));
        assertEquals("Bearer secret", auth.get());
    }

    @Test
    void aFailingProviderIsAnError() throws Exception {
        OpenAiSpeechClient client = start(500, "{\"error\":\"boom\"}".getBytes(), false, Duration.ofSeconds(5));
        assertThrows(OpenAiSpeechClient.RemoteVoiceException.class, () -> client.speak("Hi.", reference()));
    }

    @Test
    void anAnswerThatIsNotWavIsAnError() throws Exception {
        OpenAiSpeechClient client = start(200, "ID3 not a wav".getBytes(), false, Duration.ofSeconds(5));
        assertThrows(OpenAiSpeechClient.RemoteVoiceException.class, () -> client.speak("Hi.", reference()));
    }

    @Test
    void aProviderThatDoesNotAnswerTimesOut() throws Exception {
        OpenAiSpeechClient client = start(200, new byte[0], true, Duration.ofMillis(300));
        long started = System.nanoTime();
        assertThrows(OpenAiSpeechClient.RemoteVoiceException.class, () -> client.speak("Hi.", reference()));
        assertTrue(System.nanoTime() - started < 5_000_000_000L, "gave up on time");
    }
}

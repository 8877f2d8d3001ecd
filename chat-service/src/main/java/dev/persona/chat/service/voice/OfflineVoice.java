package dev.persona.chat.service.voice;

import com.sun.speech.freetts.Voice;
import com.sun.speech.freetts.audio.AudioPlayer;
import com.sun.speech.freetts.en.us.cmu_us_kal.KevinVoiceDirectory;
import dev.persona.common.audio.PcmAudio;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import javax.sound.sampled.AudioFormat;

/**
 * The offline default: FreeTTS with its kevin16 voice (inside the jar; nothing is downloaded), its base pitch and
 * speaking rate set to the persona's measured ones, so two personas sound different. One FreeTTS voice is not safe
 * to share between threads: calls take turns (a sentence takes tens of milliseconds).
 */
@ApplicationScoped
public class OfflineVoice implements SpeechVoice {
    /** kevin16 synthesises 16 kHz mono, the rate of the recordings, so clips and speech join without resampling. */
    public static final int RATE = 16_000;
    private static final float MIN_PITCH = 50;
    private static final float MAX_PITCH = 350;
    private static final float MIN_RATE = 80;
    private static final float MAX_RATE = 260;

    private Voice voice;

    @Override
    public synchronized PcmAudio speak(String text, VoiceReference reference) {
        Voice v = voice();
        CollectingPlayer player = new CollectingPlayer();
        v.setAudioPlayer(player);
        VoiceProfile p = reference.profile();
        v.setPitch(clamp((float) p.medianPitchHz(), MIN_PITCH, MAX_PITCH));
        // kevin16's pitch range is in Hz around the base pitch; keep the intonation proportional to the pitch.
        v.setPitchRange(clamp((float) p.medianPitchHz(), MIN_PITCH, MAX_PITCH) * 0.11f);
        v.setRate(clamp((float) p.wordsPerMinute(), MIN_RATE, MAX_RATE));
        if (!v.speak(text) || player.bytes.size() == 0) {
            throw new IllegalStateException("FreeTTS could not speak the text");
        }
        short[] samples = WavCodec.samples(player.bytes, player.format.isBigEndian());
        if ((int) player.format.getSampleRate() != RATE) {
            samples = Resampler.linear(samples, (int) player.format.getSampleRate(), RATE);
        }
        return new PcmAudio(samples, RATE);
    }

    private Voice voice() {
        if (voice == null) {
            Voice kevin = Arrays.stream(new KevinVoiceDirectory().getVoices())
                    .filter(v -> "kevin16".equals(v.getName())).findFirst()
                    .orElseThrow(() -> new IllegalStateException("FreeTTS's kevin16 voice is not on the classpath"));
            kevin.allocate();
            voice = kevin;
        }
        return voice;
    }

    private static float clamp(float value, float min, float max) {
        return Float.isNaN(value) ? min : Math.max(min, Math.min(max, value));
    }

    /** Keeps FreeTTS's samples in memory (its own players play them or write files). */
    private static final class CollectingPlayer implements AudioPlayer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private AudioFormat format = new AudioFormat(RATE, 16, 1, true, true);
        private float volume = 1f;

        @Override
        public void setAudioFormat(AudioFormat format) {
            this.format = format;
        }

        @Override
        public AudioFormat getAudioFormat() {
            return format;
        }

        @Override
        public boolean write(byte[] audio) {
            return write(audio, 0, audio.length);
        }

        @Override
        public boolean write(byte[] audio, int offset, int size) {
            bytes.write(audio, offset, size);
            return true;
        }

        @Override
        public void pause() {
        }

        @Override
        public void resume() {
        }

        @Override
        public void reset() {
        }

        @Override
        public boolean drain() {
            return true;
        }

        @Override
        public void begin(int size) {
        }

        @Override
        public boolean end() {
            return true;
        }

        @Override
        public void cancel() {
        }

        @Override
        public void close() {
        }

        @Override
        public float getVolume() {
            return volume;
        }

        @Override
        public void setVolume(float volume) {
            this.volume = volume;
        }

        @Override
        public long getTime() {
            return 0;
        }

        @Override
        public void resetTime() {
        }

        @Override
        public void startFirstSampleTimer() {
        }

        @Override
        public void showMetrics() {
        }
    }
}

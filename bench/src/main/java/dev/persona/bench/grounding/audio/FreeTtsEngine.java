package dev.persona.bench.grounding.audio;

import com.sun.speech.freetts.Voice;
import com.sun.speech.freetts.VoiceManager;
import com.sun.speech.freetts.audio.AudioPlayer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/** FreeTTS in this JVM (kevin16 ships inside its jar); its default rate is 150 words a minute. */
final class FreeTtsEngine implements SpeechEngine {
    private static final float DEFAULT_WORDS_PER_MINUTE = 150f;
    private final Map<String, Voice> voices = new HashMap<>();

    FreeTtsEngine() {
        System.setProperty("freetts.voices", "com.sun.speech.freetts.en.us.cmu_us_kal.KevinVoiceDirectory");
    }

    @Override
    public synchronized void speak(String voiceName, double rate, String text, Path wavOut) throws IOException {
        Voice voice = voices.computeIfAbsent(voiceName, FreeTtsEngine::allocate);
        CollectingPlayer player = new CollectingPlayer();
        voice.setAudioPlayer(player);
        voice.setRate((float) (DEFAULT_WORDS_PER_MINUTE * rate));
        if (!voice.speak(text) || player.bytes.size() == 0) {
            throw new IOException("FreeTTS could not speak: " + text);
        }
        byte[] pcm = player.bytes.toByteArray();
        AudioFormat format = player.format;
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(pcm), format,
                pcm.length / format.getFrameSize())) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, wavOut.toFile());
        }
    }

    private static Voice allocate(String name) {
        Voice voice = VoiceManager.getInstance().getVoice(name);
        if (voice == null) {
            throw new IllegalArgumentException("FreeTTS has no voice '" + name + "'");
        }
        voice.allocate();
        return voice;
    }

    /** Keeps the samples in memory; FreeTTS's own file player prints a line for every file it writes. */
    private static final class CollectingPlayer implements AudioPlayer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private AudioFormat format = new AudioFormat(16_000, 16, 1, true, true);
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

package dev.persona.transcribe.engine;

import dev.persona.transcribe.config.TranscribeConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/** Picks the engine named by {@code persona.transcribe.engine} and checks it can run as the service starts. */
@ApplicationScoped
public class EngineProducer {
    private static final Logger LOG = Logger.getLogger(EngineProducer.class);

    @Produces
    @ApplicationScoped
    SpeechEngine engine(TranscribeConfig config) {
        return switch (config.engine()) {
            case pocketsphinx -> pocketsphinx(new PocketsphinxEngine.Settings(
                    config.pocketsphinx().binary(), config.pocketsphinx().hmm(), config.pocketsphinx().lm(),
                    config.pocketsphinx().dict(), config.pocketsphinx().extraArgs().orElse(List.of()),
                    config.engineTimeout()), config.warmDecoders());
            case whisper -> new WhisperEngine(new WhisperEngine.Settings(
                    config.whisper().modelPath().filter(p -> !p.isBlank()).map(Path::of), config.whisper().threads(),
                    config.whisper().useGpu(), config.whisper().libraryDir().filter(p -> !p.isBlank()).map(Path::of)));
        };
    }

    /**
     * The engine of questions asked by voice: with pocketsphinx, decoders of their own (kept running with their
     * models loaded, unless {@code questions.warm-decoders} is off) with their own timeout and arguments; a whisper
     * model is loaded once and shared.
     */
    @Produces
    @ApplicationScoped
    @QuestionEngine
    SpeechEngine questionEngine(TranscribeConfig config, SpeechEngine shared) {
        if (config.engine() != TranscribeConfig.EngineKind.pocketsphinx) {
            return shared;
        }
        List<String> args = new ArrayList<>(config.pocketsphinx().extraArgs().orElse(List.of()));
        args.addAll(config.questions().pocketsphinxExtraArgs().orElse(List.of()));
        PocketsphinxEngine.Settings settings = new PocketsphinxEngine.Settings(config.pocketsphinx().binary(),
                config.pocketsphinx().hmm(), config.pocketsphinx().lm(), config.pocketsphinx().dict(), args,
                config.questions().engineTimeout());
        return pocketsphinx(settings, config.questions().warmDecoders());
    }

    private static SpeechEngine pocketsphinx(PocketsphinxEngine.Settings settings, boolean warm) {
        return warm ? new WarmPocketsphinxEngine(settings) : new PocketsphinxEngine(settings);
    }

    void closeQuestionEngine(@Disposes @QuestionEngine SpeechEngine engine, SpeechEngine shared) {
        if (engine != shared) {
            engine.close();
        }
    }

    void close(@Disposes SpeechEngine engine) {
        engine.close();
    }

    /**
     * A missing decoder or model is reported loudly at start, and by the readiness check, rather than discovered on
     * the first recording; the service still starts so health and metrics can say what is wrong.
     */
    void onStart(@Observes StartupEvent event, SpeechEngine engine, @QuestionEngine SpeechEngine questions,
            TranscribeConfig config) {
        try {
            engine.checkReady();
            LOG.infof("Speech engine %s is ready", engine.id());
            questions.warmUp(Math.max(1, config.questions().parallelism()));
        } catch (EngineUnavailable e) {
            LOG.errorf("Speech engine %s cannot run: %s", engine.id(), e.getMessage());
        }
    }
}

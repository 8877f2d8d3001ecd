package dev.persona.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The web app as a user meets it, in headless Chromium (Debian's {@code chromium}, driven by {@code playwright-core}
 * from the web module's node_modules) against the running system: {@code web/e2e/app.e2e.mjs} signs up, creates a
 * persona, uploads a sample recording, watches its job reach ready, asks, checks the cited answer, plays the clip,
 * opens the transcript at the cited sentence and plays the answer. Screenshots land in target/screenshots.
 */
class WebAppEndToEndTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots").toAbsolutePath();

    @Test
    void aNewOwnerGoesFromSignUpToAPlayedCitedAnswerInTheBrowser() throws Exception {
        assertTrue(Files.isExecutable(CHROMIUM), "Debian's chromium is missing: ./persona test installs it "
                + "(apt-get install chromium)");
        RunningSystem system = RunningSystem.get();
        Path web = system.projectRoot.resolve("web");
        assertTrue(Files.isDirectory(web.resolve("node_modules/playwright-core")),
                "playwright-core is missing: the web module's build runs npm ci (./mvnw package -pl web)");
        Path log = Path.of("target", "web-e2e.log").toAbsolutePath();
        Files.createDirectories(SCREENSHOTS);

        ProcessBuilder node = new ProcessBuilder("node", web.resolve("e2e/app.e2e.mjs").toString())
                .directory(web.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        node.environment().put("PERSONA_URL", system.baseUrl());
        node.environment().put("SCREENSHOTS", SCREENSHOTS.toString());
        node.environment().put("CHROMIUM", CHROMIUM.toString());
        node.environment().put("SAMPLE_RECORDING",
                system.samples().resolve("recordings/01-sailing-with-grandfather.wav").toString());
        // Chromium's fake microphone plays this file: the question asked with the record button.
        node.environment().put("QUESTION_AUDIO",
                Path.of("src/test/resources/questions/where-did-you-learn-to-sail.wav").toAbsolutePath().toString());
        Process run = node.start();
        boolean finished = run.waitFor(4, TimeUnit.MINUTES);
        if (!finished) {
            run.descendants().forEach(ProcessHandle::destroyForcibly);
            run.destroyForcibly();
        }
        String output = read(log);
        System.out.println(output);
        assertTrue(finished, "the browser run did not finish in 4 minutes; its output is above (" + log + ")");
        assertEquals(0, run.exitValue(), "the browser run failed; its output is above (" + log + ")");
        assertTrue(output.contains("all steps passed"), "the browser run ended early; " + log);
        for (String shot : List.of("phone-1-login.png", "phone-2-ready.png", "phone-3-transcript.png",
                "phone-4-answer.png", "desktop-1-chat.png")) {
            assertTrue(Files.size(SCREENSHOTS.resolve(shot)) > 1000, shot);
        }
    }

    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }
}

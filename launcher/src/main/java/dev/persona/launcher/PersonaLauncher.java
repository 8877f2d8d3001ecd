package dev.persona.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./persona up}: runs the whole system on embedded defaults behind one base URL until Ctrl-C.
 * {@code ./persona demo [baseUrl]}: uploads the sample persona to a running system and follows its jobs.
 * {@code ./persona replay --stage transcribe|embed [--persona ID] [--dry-run]}: reprocesses from a stage.
 */
public final class PersonaLauncher {
    private PersonaLauncher() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "up" : args[0];
        Path root = Path.of(System.getProperty("persona.root", ".")).toAbsolutePath().normalize();
        switch (command) {
            case "up" -> up(root);
            case "demo" -> System.exit(new Demo(args.length > 1 ? args[1] : "http://localhost:8080",
                    root.resolve("samples"), System.out).run());
            case "replay" -> System.exit(replay(root, Arrays.asList(args).subList(1, args.length)));
            default -> {
                System.err.println("usage: persona up | persona demo [baseUrl] | persona replay --stage ...");
                System.exit(2);
            }
        }
    }

    /**
     * The operator token: {@code PERSONA_ADMIN_TOKEN} when set (a cluster: an admin account's token from
     * auth-service), else one signed with the embedded default's own signing key in {@code .persona/}.
     */
    private static int replay(Path root, List<String> args) throws Exception {
        ReplayCommand.Options options;
        try {
            options = ReplayCommand.Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + ReplayCommand.USAGE);
            return 2;
        }
        String given = System.getenv("PERSONA_ADMIN_TOKEN");
        Callable<String> token;
        if (given != null && !given.isBlank()) {
            token = () -> given.strip();
        } else {
            Path key = AdminToken.keyPath(home(root));
            if (!Files.isReadable(key)) {
                System.err.println("No signing key at " + key + ": start Persona once with ./persona up, or set"
                        + " PERSONA_ADMIN_TOKEN to an admin token (README, \"Replay\").");
                return 2;
            }
            token = () -> AdminToken.sign(key, "admin", Instant.now());
        }
        return new ReplayCommand(options, token, System.out, Duration.ofSeconds(1)).run();
    }

    private static Path home(Path root) {
        return Path.of(System.getProperty("persona.home", root.resolve(".persona").toString()));
    }

    private static void up(Path root) throws InterruptedException {
        Path home = home(root);
        System.out.println("Starting Persona (data in " + home + ")");
        Stack stack = new Stack(root, home, Stack.Ports.defaults(), System.out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping Persona...");
            stack.close();
            stopped.countDown();
        }, "persona-stop"));
        stack.start(Duration.ofMinutes(3));
        System.out.println("\nPersona is up at " + stack.baseUrl() + (stack.allReady() ? "" : " (some services are not ready)")
                + "\nLogs: " + stack.runDir() + "\nPress Ctrl-C to stop.");
        stopped.await();
    }
}

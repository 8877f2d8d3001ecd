package dev.persona.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./persona up}: runs the whole system on embedded defaults behind one base URL until Ctrl-C.
 * {@code ./persona demo [baseUrl]}: uploads the sample persona to a running system and follows its jobs.
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
            default -> {
                System.err.println("usage: persona up | persona demo [baseUrl]");
                System.exit(2);
            }
        }
    }

    private static void up(Path root) throws InterruptedException {
        Path home = Path.of(System.getProperty("persona.home", root.resolve(".persona").toString()));
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

package dev.persona.auth.service;

import dev.persona.auth.config.AuthConfig;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.jboss.logging.Logger;

/** Sends the email-verification link (a mock mailbox in dev, test and the embedded default). */
@ApplicationScoped
public class VerificationMailer {
    private static final Logger LOG = Logger.getLogger(VerificationMailer.class);

    @Inject
    ReactiveMailer mailer;

    @Inject
    AuthConfig config;

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 500)
    public Uni<Void> send(String email, String token) {
        String link = config.publicUrl() + "/auth/verify?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        LOG.debugf("Verification link for %s: %s", email, link);
        return mailer.send(Mail.withText(email, "Confirm your Persona account",
                "Welcome to Persona.\n\nConfirm your email address by opening this link:\n" + link
                        + "\n\nThe link works for " + config.verificationTtl().toHours()
                        + " hours. If you did not sign up, ignore this message.\n"));
    }

}

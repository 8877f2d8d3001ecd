package dev.persona.auth.service;

import dev.persona.common.problem.ApiException;
import dev.persona.common.problem.ErrorCodes;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Passwords of 10 or more characters with a letter and a digit or symbol, that do not contain the email's name.
 * bcrypt reads only 72 bytes, so longer passwords are refused rather than silently truncated.
 */
@ApplicationScoped
public class PasswordPolicy {
    static final int MIN_LENGTH = 10;
    static final int MAX_BYTES = 72;

    public void check(String email, String password) {
        if (password.length() < MIN_LENGTH) {
            throw weak("Use at least " + MIN_LENGTH + " characters.");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw weak("Use at most " + MAX_BYTES + " bytes (bcrypt ignores the rest).");
        }
        boolean letter = password.codePoints().anyMatch(Character::isLetter);
        boolean other = password.codePoints().anyMatch(c -> !Character.isLetter(c));
        if (!letter || !other) {
            throw weak("Mix letters with digits or symbols.");
        }
        String name = email.substring(0, Math.max(0, email.indexOf('@'))).toLowerCase(Locale.ROOT);
        if (name.length() >= 3 && password.toLowerCase(Locale.ROOT).contains(name)) {
            throw weak("Do not use your email address in the password.");
        }
    }

    private static ApiException weak(String detail) {
        return new ApiException(400, ErrorCodes.WEAK_PASSWORD, "Password too weak", detail);
    }
}

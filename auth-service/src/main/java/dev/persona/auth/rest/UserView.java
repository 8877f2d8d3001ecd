package dev.persona.auth.rest;

import dev.persona.auth.domain.User;
import java.time.Instant;

/** What an owner may see of their account: never the hash or tokens. */
public record UserView(String id, String email, boolean emailVerified, Instant createdAt) {
    static UserView of(User user) {
        return new UserView(user.id, user.email, user.emailVerified, user.createdAt);
    }
}

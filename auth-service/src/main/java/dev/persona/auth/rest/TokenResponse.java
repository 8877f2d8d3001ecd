package dev.persona.auth.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.persona.auth.service.TokenIssuer;

/** The OAuth2 token response (RFC 6749 section 5.1). */
public record TokenResponse(
        @JsonProperty("access_token") String accessToken,
        @JsonProperty("token_type") String tokenType,
        @JsonProperty("expires_in") long expiresIn,
        @JsonProperty("refresh_token") String refreshToken) {

    static TokenResponse of(TokenIssuer.TokenPair pair) {
        return new TokenResponse(pair.accessToken(), "Bearer", pair.expiresInSeconds(), pair.refreshToken());
    }
}

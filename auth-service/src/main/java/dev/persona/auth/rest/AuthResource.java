package dev.persona.auth.rest;

import dev.persona.auth.service.AccountService;
import dev.persona.auth.service.SigningKeys;
import dev.persona.common.problem.ApiException;
import dev.persona.common.problem.ErrorCodes;
import dev.persona.common.security.CurrentOwner;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;

@Path("/auth")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "auth")
public class AuthResource {

    @Inject
    AccountService accounts;

    @Inject
    SigningKeys keys;

    @Inject
    CurrentOwner owner;

    @Inject
    HttpServerRequest request;

    @Inject
    ClientAddress clientAddress;

    @POST
    @Path("/signup")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create an account; a verification link is emailed. 429 rate-limited past the per-address limit")
    public Uni<Response> signup(@Valid @NotNull SignupRequest body) {
        return accounts.signup(body.email(), body.password(), clientAddress.of(request))
                .map(user -> Response.created(URI.create("/auth/me")).entity(UserView.of(user)).build());
    }

    @POST
    @Path("/token")
    @PermitAll
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "OAuth2 token endpoint: password and refresh_token grants")
    public Uni<Response> token(@RestForm("grant_type") String grantType, @RestForm String username,
            @RestForm String password, @RestForm("refresh_token") String refreshToken) {
        Uni<TokenResponse> issued;
        if ("password".equals(grantType)) {
            require(username, "username");
            require(password, "password");
            issued = accounts.passwordGrant(username, password, clientAddress.of(request))
                    .map(TokenResponse::of);
        } else if ("refresh_token".equals(grantType)) {
            require(refreshToken, "refresh_token");
            issued = accounts.refreshGrant(refreshToken).map(TokenResponse::of);
        } else {
            throw ApiException.badRequest(ErrorCodes.UNSUPPORTED_GRANT_TYPE,
                    "grant_type must be 'password' or 'refresh_token'.");
        }
        // RFC 6749 5.1: token responses must not be cached.
        return issued.map(t -> Response.ok(t).header("Cache-Control", "no-store").header("Pragma", "no-cache").build());
    }

    @GET
    @Path("/jwks")
    @PermitAll
    @Operation(summary = "Public keys that verify issued tokens (JWKS)")
    public Map<String, Object> jwks() {
        return keys.jwks();
    }

    @GET
    @Path("/me")
    @Authenticated
    @SecurityRequirement(name = "oauth2")
    @Operation(summary = "The account behind the bearer token")
    public Uni<UserView> me() {
        return accounts.find(owner.id()).map(UserView::of);
    }

    @GET
    @Path("/verify")
    @PermitAll
    @Operation(summary = "Confirm an email address with the emailed token")
    public Uni<UserView> verify(@QueryParam("token") String token) {
        require(token, "token");
        return accounts.verifyEmail(token).map(UserView::of);
    }

    private static void require(String value, String name) {
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest(ErrorCodes.VALIDATION_FAILED, "'" + name + "' is required.");
        }
        if (value.length() > 4096) {
            throw ApiException.badRequest(ErrorCodes.VALIDATION_FAILED, "'" + name + "' is too long.");
        }
    }
}

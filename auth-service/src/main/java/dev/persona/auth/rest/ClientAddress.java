package dev.persona.auth.rest;

import dev.persona.auth.config.AuthConfig;
import dev.persona.common.net.ForwardedClient;
import dev.persona.common.net.TrustedProxies;
import io.quarkus.runtime.Startup;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Who a request came from, as the key the rate limits count under: common's {@link ForwardedClient} rule with the
 * proxies {@code persona.auth.trusted-proxies} names.
 */
@Singleton
@Startup // a bad persona.auth.trusted-proxies fails the start, not the first request
public class ClientAddress {
    private final TrustedProxies trusted;

    @Inject
    ClientAddress(AuthConfig config) {
        this.trusted = TrustedProxies.parse(config.trustedProxies(), "persona.auth.trusted-proxies");
    }

    /** The rate-limit key of the request's client. */
    String of(HttpServerRequest request) {
        String peer = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        return ForwardedClient.resolve(trusted, peer, request.headers().getAll(ForwardedClient.HEADER)).key();
    }
}

package dev.persona.auth.rest;

import io.vertx.core.http.HttpServerRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The address a request came from. Behind the gateway (a loopback or private-network peer) that is the first
 * X-Forwarded-For entry; a client talking to the service directly cannot choose its own address.
 */
final class ClientAddress {
    private ClientAddress() {
    }

    static String of(HttpServerRequest request) {
        String peer = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded == null || forwarded.isBlank() || !isInternal(peer)) {
            return peer;
        }
        String first = forwarded.split(",")[0].trim();
        return first.isEmpty() || first.length() > 64 ? peer : first;
    }

    private static boolean isInternal(String address) {
        try {
            InetAddress inet = InetAddress.getByName(address);
            return inet.isLoopbackAddress() || inet.isSiteLocalAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}

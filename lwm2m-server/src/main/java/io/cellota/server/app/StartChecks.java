package io.cellota.server.app;

import io.cellota.firmware.signing.KeyFormatException;
import io.cellota.firmware.signing.PemKeys;
import io.cellota.server.config.ServerConfig;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * What {@code cellota server} checks before it touches the data directory, so that the usual mistakes end in one
 * line naming the setting: a trusted key file that is missing or not a key, a port that is taken. The ports are
 * checked by binding and releasing them; a port taken between the check and the start still fails the start
 * ({@link CellotaServer#start}), with the libraries' own log lines.
 */
final class StartChecks {

    private StartChecks() {
    }

    /** Checks the trusted keys, then the CoAP, CoAPs and HTTP ports (port 0, any free port, is not checked). */
    static void check(ServerConfig config) throws KeyFormatException, IOException {
        for (Path key : config.trustedKeys()) {
            trustedKey(key);
        }
        udp(config.coap(), "coap.port");
        udp(config.coaps(), "coaps.port");
        tcp(config.http(), "http.port");
    }

    private static void trustedKey(Path key) throws KeyFormatException {
        try {
            PemKeys.readPublic(key);
        } catch (NoSuchFileException e) {
            throw new KeyFormatException("trusted key " + key + " (trusted.keys): no such file");
        } catch (AccessDeniedException e) {
            throw new KeyFormatException("trusted key " + key + " (trusted.keys): permission denied");
        } catch (IOException e) {
            throw new KeyFormatException("trusted key " + key + " (trusted.keys): unreadable: " + e.getMessage(), e);
        } catch (KeyFormatException e) {
            throw new KeyFormatException("trusted key " + key + " (trusted.keys): " + e.getMessage(), e);
        }
    }

    private static void udp(InetSocketAddress address, String key) throws BindException {
        if (address.getPort() == 0) {
            return;
        }
        try {
            new DatagramSocket(address).close();
        } catch (SocketException e) {
            throw taken("udp", address, key, e);
        }
    }

    private static void tcp(InetSocketAddress address, String key) throws BindException {
        if (address.getPort() == 0) {
            return;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(address);
        } catch (IOException e) {
            throw taken("tcp", address, key, e);
        }
    }

    private static BindException taken(String protocol, InetSocketAddress address, String key, Exception cause) {
        BindException e = new BindException("cannot listen on " + protocol + " " + address.getHostString() + ":"
                + address.getPort() + " (" + key + "): " + cause.getMessage());
        e.initCause(cause);
        return e;
    }
}

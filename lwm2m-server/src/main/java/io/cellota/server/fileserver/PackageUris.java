package io.cellota.server.fileserver;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Package URIs (Object 5 resource 1) as devices must see them, from the server's public address, i.e. the one
 * reachable from the cellular network, not the bind address:
 * <pre>
 *   coap://host:port/fw/&lt;package&gt;/&lt;token&gt;
 *   coaps://host:port/fw/&lt;package&gt;
 *   http://host:port/fw/&lt;package&gt;?t=&lt;token&gt;
 *   https://host:port/fw/&lt;package&gt;?t=&lt;token&gt;
 * </pre>
 * The package id is percent-encoded as one path segment and must not contain {@code /}: Californium's client
 * (the device's included) splits the decoded path at every slash, encoded or not. An IPv6 host is put in
 * brackets. A port of 0 means
 * the transport is not offered. Every URI is checked against Object 5's limit of 255 bytes.
 */
public record PackageUris(String host, int coapPort, int coapsPort, int httpPort, int httpsPort, String resourceName) {

    /** The longest Package URI a device takes (LwM2M 1.1 Object 5, resource 1: String, 0..255 bytes). */
    public static final int MAX_URI_BYTES = 255;

    public PackageUris {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty() || host.chars().anyMatch(c -> c <= ' ' || "/?#@[]".indexOf(c) >= 0 || c > 0x7E)) {
            throw new IllegalArgumentException("not a host name or address: '" + host + "'");
        }
        for (int port : new int[] {coapPort, coapsPort, httpPort, httpsPort}) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("not a port: " + port);
            }
        }
        FileServerConfig.requireResourceName(resourceName);
    }

    /** CoAP on 5683 and CoAPs on 5684 at {@code host}, no HTTP, under {@code /fw}. */
    public static PackageUris coapDefaults(String host) {
        return new PackageUris(host, 5683, 5684, 0, 0, FileServerConfig.DEFAULTS.resourceName());
    }

    public PackageUris withHttp(int port) {
        return new PackageUris(host, coapPort, coapsPort, port, httpsPort, resourceName);
    }

    public PackageUris withHttps(int port) {
        return new PackageUris(host, coapPort, coapsPort, httpPort, port, resourceName);
    }

    /** The URI for a device fetching over {@code transport}; CoAPs needs no token and ignores it. */
    public URI uri(Transport transport, String packageId, DownloadToken token) {
        return switch (transport) {
            case COAP -> coap(packageId, token);
            case COAPS -> coaps(packageId);
            case HTTP -> http(packageId, token);
            case HTTPS -> https(packageId, token);
        };
    }

    public URI coap(String packageId, DownloadToken token) {
        return build("coap", coapPort, packageId, "/" + token.value());
    }

    public URI coaps(String packageId) {
        return build("coaps", coapsPort, packageId, "");
    }

    public URI http(String packageId, DownloadToken token) {
        return build("http", httpPort, packageId, "?t=" + token.value());
    }

    public URI https(String packageId, DownloadToken token) {
        return build("https", httpsPort, packageId, "?t=" + token.value());
    }

    private URI build(String scheme, int port, String packageId, String tail) {
        if (port == 0) {
            throw new IllegalStateException(scheme + " is not offered: no public port configured");
        }
        String authority = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        String text = scheme + "://" + authority + ":" + port + "/" + resourceName + "/" + segment(packageId) + tail;
        if (text.length() > MAX_URI_BYTES) {
            throw new IllegalArgumentException("the Package URI would have " + text.length() + " bytes, more than the "
                    + MAX_URI_BYTES + " Object 5 allows");
        }
        return URI.create(text);
    }

    /** {@code id} as one URI path segment: unreserved characters as they are, every other byte as %XX. */
    static String segment(String id) {
        if (id.isEmpty() || id.equals(".") || id.equals("..") || id.indexOf('/') >= 0) {
            throw new IllegalArgumentException("a package id in a URI cannot be empty, '.', '..' or contain '/' "
                    + "(CoAP clients split the decoded path at every '/'), but was '" + id + "'");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || "-._~".indexOf(c) >= 0) {
                out.write(c);
            } else {
                out.writeBytes(String.format("%%%02X", b & 0xFF).getBytes(StandardCharsets.US_ASCII));
            }
        }
        return out.toString(StandardCharsets.US_ASCII);
    }
}

package io.cellota.server.update;

import io.cellota.firmware.object5.ProtocolSupport;
import java.util.Set;

/**
 * Issues the Package URI a device pulls from (OMA-SUP-XML_5-V1_1 resource 1). The file server
 * implements it, typically with a per-device token in the URI.
 */
public interface UriIssuer {

    /**
     * The protocols the file server can serve packages to {@code endpoint} with: a protocol whose access
     * rests on the device's identity (CoAPs, checked against its DTLS credential) is offered only to a
     * device that has one.
     */
    Set<ProtocolSupport> protocols(String endpoint);

    /**
     * A URI for {@code endpoint} to pull {@code packageId} with {@code protocol}, one of
     * {@link #protocols(String)} for it: its scheme is {@code protocol.scheme()} and it has at most 255 bytes.
     * Called once per attempt; a URI re-sent within an attempt is the same URI.
     */
    String packageUri(String endpoint, String packageId, ProtocolSupport protocol);
}

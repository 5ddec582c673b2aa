package io.cellota.device.link;

/**
 * Why the {@link ImpairmentProxy} did not deliver a datagram. Every datagram the proxy receives is,
 * once it has left the link, counted either as forwarded or as dropped for exactly one of these reasons.
 */
public enum DropReason {
    /** Lost on the link at random, with the direction's {@linkplain PathProfile#loss() loss probability}. */
    LOSS,
    /** Tail-dropped: the direction's bottleneck buffer ({@link PathProfile#queueLimitBytes()}) was full. */
    QUEUE,
    /** Larger, with the per-datagram overhead, than the link's {@linkplain LinkProfile#mtu() MTU}. */
    MTU,
    /** The link was down (coverage loss) when the datagram arrived, or went down while it was in flight. */
    BLACKOUT,
    /** The proxy's own socket refused to send it (full send buffer, closed socket, no route). */
    UNDELIVERABLE
}

package io.cellota.device.download;

import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.BlockOption;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.server.resources.CoapExchange;

/**
 * A CoAP resource for tests that serves a byte array by Block2 itself, as the firmware file server will
 * (RFC 7959 §2.2, and notes section E): every answer carries an explicit Block2 option, its block clamped to
 * {@code min(requested size, preferred size)} so that Californium's transparent layer passes it unchanged;
 * an ETag derived from the content; Size2 when the request asks for it. Content can change at any time (a new
 * ETag), and a hook decides per request whether to serve it, drop it (never answer) or answer with a code.
 *
 * <pre>
 * client                                  server
 *   | GET Block2(0, 1024) Size2=0  ------&gt;  |
 *   |  &lt;------ 2.05 Block2(0, M, 256) ETag Size2=4000 (late negotiation to 256)
 *   | GET Block2(1, 256)           ------&gt;  |
 *   |  &lt;------ 2.05 Block2(1, M, 256) ETag
 * </pre>
 */
public final class BlockFileResource extends CoapResource {

    /** One GET as the resource saw it: the Block2 option asked ({@code num} -1 when absent). */
    public record BlockRequest(int num, int size, long offset, boolean size2Asked, InetSocketAddress source) {
    }

    /** What the resource does with a request. */
    public record Reaction(Kind kind, ResponseCode code) {
        public enum Kind { SERVE, DROP, RESPOND }

        public static final Reaction SERVE = new Reaction(Kind.SERVE, ResponseCode.CONTENT);
        public static final Reaction DROP = new Reaction(Kind.DROP, null);

        public static Reaction respond(ResponseCode code) {
            return new Reaction(Kind.RESPOND, code);
        }
    }

    private record Content(byte[] bytes, byte[] etag) {
    }

    private final List<BlockRequest> requests = new CopyOnWriteArrayList<>();
    private volatile Content content;
    private volatile int preferredBlockSize = 1024;
    private volatile boolean size2 = true;
    private volatile boolean etags = true;
    private volatile Function<BlockRequest, Reaction> hook = request -> Reaction.SERVE;

    public BlockFileResource(String name, byte[] bytes) {
        super(name);
        content(bytes);
    }

    /** Replaces the content; the ETag changes with it. */
    public void content(byte[] bytes) {
        content = new Content(bytes.clone(), etagOf(bytes));
    }

    public byte[] etag() {
        return content.etag().clone();
    }

    /** The largest block the resource answers with (16..1024). */
    public void preferredBlockSize(int bytes) {
        BlockOption.size2Szx(bytes);
        preferredBlockSize = bytes;
    }

    /** Whether Size2 is answered when asked. */
    public void answerSize2(boolean answer) {
        size2 = answer;
    }

    /** Whether answers carry an ETag. */
    public void answerEtag(boolean answer) {
        etags = answer;
    }

    public void hook(Function<BlockRequest, Reaction> decide) {
        hook = Objects.requireNonNull(decide);
    }

    /** Every GET so far, in arrival order. */
    public List<BlockRequest> requests() {
        return List.copyOf(requests);
    }

    public void clearRequests() {
        requests.clear();
    }

    @Override
    public void handleGET(CoapExchange exchange) {
        Request request = exchange.advanced().getRequest();
        BlockOption asked = request.getOptions().getBlock2();
        BlockRequest seen = new BlockRequest(asked == null ? -1 : asked.getNum(),
                asked == null ? -1 : asked.getSize(), asked == null ? 0 : asked.getOffset(),
                request.getOptions().hasSize2(), request.getSourceContext().getPeerAddress());
        requests.add(seen);
        Reaction reaction = hook.apply(seen);
        switch (reaction.kind()) {
            case DROP -> {
            }
            case RESPOND -> exchange.respond(reaction.code());
            case SERVE -> serve(exchange, seen, asked);
        }
    }

    private void serve(CoapExchange exchange, BlockRequest seen, BlockOption asked) {
        Content current = content;
        int szx = BlockOption.size2Szx(asked == null ? preferredBlockSize : Math.min(asked.getSize(), preferredBlockSize));
        int size = BlockOption.szx2Size(szx);
        long offset = seen.offset();
        int length = current.bytes().length;
        if (offset > 0 && offset >= length) {
            exchange.respond(ResponseCode.BAD_OPTION, "no block at " + offset);
            return;
        }
        int end = (int) Math.min(length, offset + size);
        Response response = new Response(ResponseCode.CONTENT);
        response.setPayload(Arrays.copyOfRange(current.bytes(), (int) offset, end));
        response.getOptions().setBlock2(szx, end < length, (int) (offset / size));
        response.getOptions().setContentFormat(MediaTypeRegistry.APPLICATION_OCTET_STREAM);
        if (etags) {
            response.getOptions().addETag(current.etag());
        }
        if (seen.size2Asked() && size2) {
            response.getOptions().setSize2(length);
        }
        exchange.respond(response);
    }

    private static byte[] etagOf(byte[] bytes) {
        try {
            return Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(bytes), 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

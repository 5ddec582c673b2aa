package io.cellota.server.fileserver;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * Writes a {@link FileRegion} to a response with the Servlet non-blocking API (Servlet 6.0 §5.3): each time the
 * container says the output is ready, the next chunk is read positionally into one small buffer and written,
 * until the output is busy again; so a slow device holds neither a thread nor more than the buffer. Used
 * instead of Jetty's {@code HttpOutput.sendContent(ReadableByteChannel, Callback)}, whose callback Jetty 12.1.12
 * (ee10) never completes, which leaves the request, and the connection, hanging.
 *
 * <p>{@link #done()} completes, always normally, with the bytes read from the file once the last write went
 * out or the response failed (the device went away): the caller completes the async request then.
 */
final class RegionWriter implements WriteListener {

    private final ServletOutputStream out;
    private final FileRegion region;
    private final byte[] buffer;
    private final CompletableFuture<Long> done = new CompletableFuture<>();

    RegionWriter(ServletOutputStream out, FileRegion region, int bufferSize) {
        this.out = out;
        this.region = region;
        this.buffer = new byte[bufferSize];
    }

    CompletableFuture<Long> done() {
        return done;
    }

    @Override
    public void onWritePossible() throws IOException {
        ByteBuffer chunk = ByteBuffer.wrap(buffer);
        while (out.isReady()) {
            int read = region.read(chunk.clear());
            if (read < 0) {
                done.complete(region.transferred());
                return;
            }
            out.write(buffer, 0, read);
        }
    }

    @Override
    public void onError(Throwable failure) {
        done.complete(region.transferred());
    }
}

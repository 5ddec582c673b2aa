package io.cellota.server.fileserver;

import io.cellota.server.repository.PackageFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.serialization.UdpDataSerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Micro-benchmark of the block-serving path without the network: find the slice of a Block2 request, read it
 * from the package file through the {@link OpenFileCache} (the page cache keeps the file in memory, as on a
 * server serving one package to many devices), build the 2.05 answer as {@link FirmwareCoapResource} does, and
 * encode it as Californium puts it on UDP. DTLS encryption is not included (see the serve scenario for the whole
 * path). Test scope, never run by {@code mvn verify}; how to run it: docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BlockServingJmh {

    private static final int PACKAGE_BYTES = 1024 * 1024;

    @Param({"1024", "256"})
    int blockSize;

    private Path dir;
    private OpenFileCache files;
    private PackageFile file;
    private byte[] etag;
    private long next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("block-serving-jmh");
        byte[] content = new byte[PACKAGE_BYTES];
        new SplittableRandom(1).nextBytes(content);
        byte[] sha256 = TempPackages.sha256(content);
        Path path = Files.write(dir.resolve("package.bin"), content);
        file = new PackageFile("fw-jmh", path, content.length, sha256);
        etag = FirmwareDelivery.coapEtag(file);
        files = new OpenFileCache(4);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        files.close();
        Files.deleteIfExists(file.path());
        Files.deleteIfExists(dir);
    }

    /** One block, the next one of the package each time (wrapping around): slice, read, answer, encode. */
    @Benchmark
    public byte[] serveOneBlock() throws IOException {
        long offset = next;
        next = (next + blockSize) % PACKAGE_BYTES;
        BlockSlice slice = BlockSlice.of(offset, blockSize, 1024, file.size()).orElseThrow();
        ByteBuffer payload = ByteBuffer.allocate(slice.length());
        files.read(file.path(), slice.offset(), payload);
        Response response = FirmwareCoapResource.blockResponse(slice, payload.array(), etag, file.size(), false);
        response.setType(CoAP.Type.ACK);
        response.setMID(1);
        response.setToken(new byte[] {1, 2, 3, 4});
        return new UdpDataSerializer().getByteArray(response);
    }

    /** Runs this benchmark with the annotations' settings. */
    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(BlockServingJmh.class.getName()).build()).run();
    }
}

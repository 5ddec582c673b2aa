package io.cellota.server.bench;

import io.cellota.firmware.signing.ImageVerifier;
import io.cellota.firmware.signing.KeyType;
import io.cellota.firmware.signing.PemKeys;
import io.cellota.firmware.signing.SigningKey;
import io.cellota.firmware.signing.VerificationResult;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Micro-benchmark of firmware-object's {@link ImageVerifier}: parse a signed MCUboot image (Zephyr layout),
 * hash it and check its signature against one trusted key, per key type and image size. This is what the server
 * does at every upload and the device after every download. Test scope, never run by {@code mvn verify}; how to
 * run it: docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ImageVerifierJmh {

    @Param({"ED25519", "ECDSA_P256"})
    String keyType;

    @Param({"65536", "524288"})
    int imageBytes;

    private ImageVerifier verifier;
    private byte[] image;

    @Setup(Level.Trial)
    public void setUp() {
        SigningKey key = PemKeys.generate(KeyType.valueOf(keyType), "jmh");
        image = DeliveryRig.signedImage(imageBytes, 1, key);
        verifier = new ImageVerifier(List.of(key.publicKey()));
        if (!verifier.verify(image).isValid()) {
            throw new IllegalStateException("the benchmark's image does not verify");
        }
    }

    @Benchmark
    public VerificationResult verify() {
        return verifier.verify(image);
    }

    /** Runs this benchmark with the annotations' settings. */
    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(ImageVerifierJmh.class.getName()).build()).run();
    }
}

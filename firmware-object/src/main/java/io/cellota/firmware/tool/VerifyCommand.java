package io.cellota.firmware.tool;

import io.cellota.firmware.image.FileImageSource;
import io.cellota.firmware.signing.ImageVerifier;
import io.cellota.firmware.signing.PemKeys;
import io.cellota.firmware.signing.TrustedKey;
import io.cellota.firmware.signing.VerificationResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code image verify [-k KEY]… FILE}: exit 0 when the image is valid (naming the key that verified it),
 * 1 when it is not (with the reason on one line), 2 on a usage error. Without keys only the hash is checked.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check an image's hash and that one of the given keys signed it.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:the image is valid", "1:the image is invalid (reason on one line)", "2:usage error"})
final class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-k", "--key"}, paramLabel = "KEY", description = "A trusted key (public or private PEM). Repeatable.")
    List<Path> keys = new ArrayList<>();

    @Parameters(paramLabel = "FILE")
    Path image;

    @Override
    public Integer call() throws Exception {
        List<TrustedKey> trusted = new ArrayList<>();
        for (Path k : keys) {
            trusted.add(PemKeys.readPublic(k));
        }
        VerificationResult result;
        try (FileImageSource source = FileImageSource.open(image)) {
            result = new ImageVerifier(trusted).verify(source);
        }
        if (result.isValid()) {
            spec.commandLine().getOut().println(image + ": " + result.describe());
            return 0;
        }
        spec.commandLine().getErr().println(image + ": " + result.describe());
        return 1;
    }
}

package io.cellota.firmware.tool;

import io.cellota.firmware.signing.KeyType;
import io.cellota.firmware.signing.PemKeys;
import io.cellota.firmware.signing.SigningKey;
import java.nio.charset.StandardCharsets;
import io.cellota.firmware.storage.AtomicFile;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code image keygen -t TYPE -k FILE}: a new private key, PKCS#8 PEM, readable by the owner only. */
@Command(name = "keygen", mixinStandardHelpOptions = true, description = "Generate a private signing key (PKCS#8 PEM).")
final class KeygenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-t", "--type"}, required = true, paramLabel = "TYPE",
            description = "ecdsa-p256, ecdsa-p384, ed25519, rsa-2048 or rsa-3072")
    String type;

    @Option(names = {"-k", "--key"}, required = true, paramLabel = "FILE", description = "Where to write the key.")
    Path key;

    @Option(names = "--force", description = "Overwrite an existing key file.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        KeyType keyType = KeyType.ofCliName(type).orElseThrow(() -> new ParameterException(spec.commandLine(),
                "unknown key type '" + type + "'; choose one of " + Arrays.stream(KeyType.values())
                        .map(KeyType::cliName).toList()));
        SigningKey generated = PemKeys.generate(keyType, PemKeys.keyName(key));
        AtomicFile.write(key, PemKeys.privatePem(generated).getBytes(StandardCharsets.US_ASCII), true, force);
        spec.commandLine().getOut().println("wrote " + keyType.cliName() + " private key " + key);
        return 0;
    }
}

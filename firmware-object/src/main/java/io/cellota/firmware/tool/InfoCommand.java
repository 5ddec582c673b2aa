package io.cellota.firmware.tool;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.cellota.firmware.image.FileImageSource;
import io.cellota.firmware.image.ImageReader;
import io.cellota.firmware.image.McubootImage;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code image info FILE [--json]}: every header field, TLV and trailer flag, like imgtool {@code dumpinfo}. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show every header field, TLV and trailer flag of an image (imgtool dumpinfo).")
final class InfoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Parameters(paramLabel = "FILE")
    Path image;

    @Override
    public Integer call() throws Exception {
        McubootImage parsed;
        try (FileImageSource source = FileImageSource.open(image)) {
            parsed = ImageReader.read(source);
        }
        ImageInfo info = ImageInfo.of(image.getFileName().toString(), parsed);
        if (json) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            spec.commandLine().getOut().println(mapper.writeValueAsString(info));
        } else {
            spec.commandLine().getOut().print(info.render());
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}

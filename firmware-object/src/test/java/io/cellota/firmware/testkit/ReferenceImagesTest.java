package io.cellota.firmware.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellota.firmware.signing.HashAlgorithm;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ReferenceImagesTest {

    @Test
    void every_reference_file_matches_its_published_sha256() {
        String[] lines = ReferenceImages.text("SHA256SUMS").strip().split("\n");
        assertThat(lines).hasSizeGreaterThanOrEqualTo(20);
        for (String line : lines) {
            String[] parts = line.split("\\s+", 2);
            byte[] content = ReferenceImages.bytes(parts[1].strip());
            assertThat(HexFormat.of().formatHex(HashAlgorithm.SHA256.digest(content)))
                    .as(parts[1]).isEqualTo(parts[0]);
        }
    }
}

package io.cellota.firmware.tool;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cellota.firmware.image.ImageReader;
import io.cellota.firmware.testkit.ReferenceImages;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code image} subcommands as a user runs them: outputs, exit codes, one-line errors. */
class ImageCommandTest {

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = CliErrors.install(new CommandLine(new ImageCommand()));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private String path(String reference) {
        return ReferenceImages.copyTo(dir, reference).toString();
    }

    @Test
    void verify_accepts_imgtools_images_naming_the_key() {
        Run r = run("verify", "-k", path("key-ed25519.pub.pem"), "-k", path("key-ecdsa-p256.pub.pem"),
                path(ReferenceImages.ED25519_SECCNT7));

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("valid: version 2.0.0+0, signed by trusted key key-ed25519", "security counter 7");
    }

    @Test
    void verify_rejects_with_the_reason_on_one_line_and_exit_1() {
        Run r = run("verify", "-k", path("key-ecdsa-p256.pub.pem"), path(ReferenceImages.BAD_TRUNCATED));

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip()).doesNotContain("\n").contains("invalid: truncated at byte 33100");
    }

    @Test
    void verify_usage_error_is_exit_2() {
        assertThat(run("verify").exit()).isEqualTo(2);
        assertThat(run("verify", "--no-such-option", "x").exit()).isEqualTo(2);
    }

    @Test
    void keygen_sign_verify_and_getpub_work_together_for_every_key_type() throws Exception {
        String payload = path(ReferenceImages.PAYLOAD_3001);
        for (String type : new String[] {"ecdsa-p256", "ecdsa-p384", "ed25519", "rsa-2048", "rsa-3072"}) {
            String key = dir.resolve(type + ".pem").toString();
            String pub = dir.resolve(type + ".pub.pem").toString();
            String signed = dir.resolve(type + ".bin").toString();

            assertThat(run("keygen", "-t", type, "-k", key).exit()).as(type).isZero();
            assertThat(run("getpub", "-k", key, "-e", "pem", "-o", pub).exit()).isZero();
            Run sign = run("sign", "-k", key, "-v", "1.2.3+4", "-H", "0x200", "--pad-header", "--align", "4",
                    "-S", "0x80000", "-s", "auto", payload, signed);
            assertThat(sign.exit()).as(sign.err()).isZero();
            assertThat(run("verify", "-k", pub, signed).exit()).as(type).isZero();
            assertThat(run("verify", "-k", path("key-ed25519.pub.pem"), signed).exit()).as(type).isEqualTo(1);
        }
    }

    @Test
    void sign_with_imgtools_options_reproduces_its_ed25519_image() throws Exception {
        Path out = dir.resolve("out.bin");
        Run r = run("sign", "-k", path("key-ed25519.pem"), "--version", "2.0.0+0", "--header-size", "0x200",
                "--pad-header", "--align", "4", "--slot-size", "0x80000", "--security-counter", "7",
                path(ReferenceImages.PAYLOAD_64K), out.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readAllBytes(out)).isEqualTo(ReferenceImages.bytes(ReferenceImages.ED25519_SECCNT7));
    }

    @Test
    void sign_accepts_dependencies_custom_tlvs_and_padding() throws Exception {
        Path out = dir.resolve("out.bin");
        Run r = run("sign", "-k", path("key-ecdsa-p256.pem"), "-v", "1.0.0", "-H", "0x200", "--pad-header",
                "--align", "4", "-S", "0x20000", "--confirm", "-d", "(1,1.2.0), (2, 0.1.0+3)",
                "--custom-tlv", "0xa0", "0x0102", "--custom-tlv", "0xa1", "nrf9160",
                "--public-key-format", "full", path(ReferenceImages.PAYLOAD_3001), out.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        var image = ImageReader.read(Files.readAllBytes(out));
        assertThat(image.dependencies()).hasSize(2);
        assertThat(image.fileSize()).isEqualTo(0x20000);
        assertThat(image.slot().orElseThrow().trailer().imageOk().name()).isEqualTo("SET");
    }

    @Test
    void sign_refuses_bad_options_with_a_usage_error_and_writes_nothing() {
        Path out = dir.resolve("never.bin");
        String payload = path(ReferenceImages.PAYLOAD_3001);

        Run r = run("sign", "-v", "1.x", "-H", "0x200", "--pad-header", "-S", "0x80000", payload, out.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("invalid version '1.x'");
        assertThat(run("sign", "-v", "1.0.0", "-H", "0x200", "-S", "0x80000", payload, out.toString()).err())
                .contains("does not start with 512 zero bytes");
        assertThat(run("sign", "-v", "1.0.0", "-H", "0x200", "--pad-header", "-S", "0x800", payload, out.toString()).err())
                .contains("exceeds the slot size");
        assertThat(run("sign", "-v", "1.0.0", "-H", "16", "-S", "0x80000", payload, out.toString()).exit()).isEqualTo(2);
        assertThat(out).doesNotExist();
    }

    @Test
    void key_problems_are_one_line_failures() {
        Path out = dir.resolve("x.bin");
        Run r = run("sign", "-k", path("key-ed25519.pub.pem"), "-v", "1.0.0", "-H", "0x200", "--pad-header",
                "-S", "0x80000", path(ReferenceImages.PAYLOAD_3001), out.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip()).doesNotContain("\n").contains("signing needs the private key");
        assertThat(run("verify", "-k", dir.resolve("missing.pem").toString(), path(ReferenceImages.UNSIGNED)).err())
                .contains("no such file");
    }

    @Test
    void keygen_never_overwrites_a_key_unless_forced() throws Exception {
        String key = dir.resolve("k.pem").toString();
        assertThat(run("keygen", "-t", "ed25519", "-k", key).exit()).isZero();
        String first = Files.readString(Path.of(key));

        assertThat(run("keygen", "-t", "ed25519", "-k", key).exit()).isEqualTo(1);
        assertThat(Files.readString(Path.of(key))).isEqualTo(first);
        assertThat(run("keygen", "-t", "ed25519", "-k", key, "--force").exit()).isZero();
        assertThat(Files.readString(Path.of(key))).isNotEqualTo(first);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(key))))
                .isEqualTo("rw-------");
        assertThat(run("keygen", "-t", "dsa", "-k", key).exit()).isEqualTo(2);
    }

    @Test
    void getpub_prints_the_key_as_the_bootloader_embeds_it() {
        Run c = run("getpub", "-k", path("key-ecdsa-p256.pem"));
        assertThat(c.out()).contains("const unsigned char ecdsa_pub_key[] = {", "0x30, 0x59,",
                "const unsigned int ecdsa_pub_key_len = 91;");
        assertThat(run("getpub", "-k", path("key-ed25519.pem"), "-e", "pem").out())
                .isEqualTo(ReferenceImages.text("key-ed25519.pub.pem"));
        assertThat(run("getpub", "-k", path("key-rsa-2048.pem"), "-e", "lang-rust").out()).contains("static RSA_PUB_KEY");
    }

    @Test
    void info_shows_every_field_and_tlv_as_text_and_json() throws Exception {
        Run text = run("info", path(ReferenceImages.ED25519_SECCNT7));
        assertThat(text.exit()).isZero();
        assertThat(text.out()).contains("hdr_size:", "0x200", "version:", "2.0.0+0", "security counter:   7",
                "SEC_CNT", "KEYHASH", "ED25519", "bfc18e6c54a1d695");

        Run json = run("info", "--json", path(ReferenceImages.PADDED_CONFIRMED));
        JsonNode node = new ObjectMapper().readTree(json.out());
        assertThat(node.at("/header/imageSize").asLong()).isEqualTo(0x10000);
        assertThat(node.at("/header/version").asText()).isEqualTo("1.2.3+4");
        assertThat(node.at("/tlvs/0/name").asText()).isEqualTo("SHA256");
        assertThat(node.at("/tlvs/2/name").asText()).isEqualTo("ECDSA_SIG");
        assertThat(node.at("/trailer/imageOk").asText()).isEqualTo("SET");
        assertThat(node.at("/trailer/slotSize").asLong()).isEqualTo(0x20000);
    }

    @Test
    void info_on_a_broken_image_is_one_precise_line() {
        Run r = run("info", path(ReferenceImages.BAD_IMG_SIZE_OVERFLOW));

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip()).doesNotContain("\n").contains("invalid image: image size exceeds the file");
    }
}

/**
 * Keys, signing and verification of MCUboot images, byte-compatible with imgtool and with what
 * {@code bootutil_img_validate} accepts: ECDSA P-256 and P-384, Ed25519 (over the digest, or pure), and
 * RSA-2048/3072 PSS. Key files are PEM (PKCS#8 or traditional private keys, SubjectPublicKeyInfo public keys),
 * read with Bouncy Castle; the algorithms are the JDK's.
 *
 * @see <a href="https://docs.mcuboot.com/design.html#image-format">MCUboot design: image format</a>
 */
package io.cellota.firmware.signing;

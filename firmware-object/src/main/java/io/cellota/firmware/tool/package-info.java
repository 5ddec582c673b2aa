/**
 * {@code cellota image}: imgtool's {@code keygen}, {@code getpub}, {@code sign}, {@code verify} and
 * {@code dumpinfo} (here {@code info}), with imgtool's option names, one-line errors and documented exit codes.
 */
package io.cellota.firmware.tool;

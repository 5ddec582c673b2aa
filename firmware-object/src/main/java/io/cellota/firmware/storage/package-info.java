/** Durable files: written whole or not at all. */
package io.cellota.firmware.storage;

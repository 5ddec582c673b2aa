/**
 * The LwM2M Firmware Update object (Object 5, v1.0 and v1.1) as a pure model: its resources, the
 * values of its enumerated resources, and its state machine.
 *
 * <p>Both the server and the simulated device decide every Object 5 transition through
 * {@link io.cellota.firmware.object5.FirmwareUpdateStateMachine}; nothing here speaks a network
 * protocol. See {@code docs/object5.md} and OMA-SUP-XML_5-V1_1 (the {@code 5.xml} registry file)
 * for the specification this package implements.
 */
package io.cellota.firmware.object5;

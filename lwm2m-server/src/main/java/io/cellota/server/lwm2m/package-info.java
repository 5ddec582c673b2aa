/**
 * The LwM2M server adapter: Eclipse Leshan's server on Californium/Scandium, configured in code for cellular
 * links, reading device credentials from {@link io.cellota.server.devices.CredentialRepository}. The only
 * package of the server that imports Leshan.
 */
package io.cellota.server.lwm2m;

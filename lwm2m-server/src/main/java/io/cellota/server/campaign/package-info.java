/**
 * Campaigns: rolling one firmware package out to a fleet in waves, paced for the cellular network, within a
 * schedule, with thresholds that stop it at the first sign of trouble. A {@link io.cellota.server.campaign.Campaign}
 * of a {@link io.cellota.server.campaign.CampaignSpec} has its devices
 * ({@link io.cellota.server.campaign.CampaignDevice}); the {@link io.cellota.server.campaign.CampaignEngine} moves
 * them on from commands, device reports and {@code tick(now)}.
 *
 * <p>The package is pure: it sees the fleet through {@link io.cellota.server.campaign.Fleet} (the device registry
 * and tags), starts and cancels device updates through {@link io.cellota.server.campaign.DeviceUpdates} (the
 * per-device update engine) and persists through {@link io.cellota.server.campaign.CampaignStore} (the JDBC store
 * in {@code campaign.jdbc}). It imports neither Leshan, nor Californium, nor JDBC, nor JSON; the values of the
 * update engine ({@code server.update}) are its vocabulary. See {@code docs/campaigns.md}.
 */
package io.cellota.server.campaign;

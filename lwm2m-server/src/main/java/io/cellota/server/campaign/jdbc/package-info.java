/**
 * The JDBC {@link io.cellota.server.campaign.CampaignStore}: campaigns, their devices and attempts in the tables of
 * {@code V5__campaigns.sql}, on H2 or PostgreSQL through {@code server.store}.
 */
package io.cellota.server.campaign.jdbc;

package io.cellota.server.app;

import io.cellota.server.campaign.Campaign;
import io.cellota.server.campaign.CampaignDevice;
import io.cellota.server.campaign.CampaignListener;
import io.cellota.server.events.EventBus;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Campaign transitions onto the event stream: {@code campaign.<status>} (e.g. {@code campaign.paused}, with the
 * reason), {@code campaign.wave} when a wave opens, and {@code campaign.device.<state>} for each device (e.g.
 * {@code campaign.device.failed}), with the campaign's id and a detail for operators.
 */
record CampaignEvents(EventBus events) implements CampaignListener {

    @Override
    public void campaignChanged(Campaign c, String detail) {
        Map<String, Object> data = base(c);
        data.put("status", c.status().name());
        data.put("detail", detail);
        c.pause().ifPresent(p -> data.put("pauseReason", p.reason()));
        events.publish("campaign." + c.status().name().toLowerCase(Locale.ROOT), "", data);
    }

    @Override
    public void waveOpened(Campaign c, int wave, String detail) {
        Map<String, Object> data = base(c);
        data.put("wave", wave + 1);
        data.put("detail", detail);
        events.publish("campaign.wave", "", data);
    }

    @Override
    public void deviceChanged(Campaign c, CampaignDevice d) {
        Map<String, Object> data = base(c);
        data.put("state", d.state().name());
        d.wave().ifPresent(w -> data.put("wave", w + 1));
        data.put("attempt", d.attempt());
        d.updateId().ifPresent(id -> data.put("updateId", id.value()));
        data.put("detail", d.note().isEmpty() ? d.state().name() : d.note());
        events.publish("campaign.device." + d.state().name().toLowerCase(Locale.ROOT), d.endpoint(), data);
    }

    private static Map<String, Object> base(Campaign c) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("campaignId", c.id().value());
        return data;
    }
}

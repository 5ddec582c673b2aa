package io.cellota.server.campaign;

import static io.cellota.server.campaign.CampaignFixture.FIRMWARE;
import static io.cellota.server.campaign.CampaignFixture.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cellota.firmware.object5.UpdateResult;
import io.cellota.server.update.Preference;
import io.cellota.server.update.UpdateId;
import io.cellota.server.update.UpdatePhase;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link CampaignStore} contract: campaigns and devices round-trip field by field; a commit is compare-and-set
 * and all or nothing; a device joins once, an attempt is recorded once; listings page newest first, devices in the
 * order they joined, with counts. Run on {@link InMemoryCampaignStore} ({@link CampaignStoreInMemoryTest}), H2
 * ({@code CampaignStoreH2Test}) and PostgreSQL ({@code CampaignStorePostgresIT}).
 */
public abstract class CampaignStoreContract {

    /** Times the databases keep exactly: whole microseconds. */
    protected static final Instant T = START.plusNanos(123_000);

    protected CampaignStore store;

    /** A new, empty store. */
    protected abstract CampaignStore newStore();

    @BeforeEach
    void emptyStore() {
        store = newStore();
    }

    /** A spec with every part set to something other than its default. */
    protected static CampaignSpec fullSpec() {
        return CampaignSpec.of("full spec", FIRMWARE)
                .withTarget(new Target(List.of("b", "a"), Set.of("north", "lab"), Set.of("nRF9160"),
                        Set.of("1.0.0", "1.1.0"), true))
                .withWaves(List.of(Wave.canary(3).withThresholds(100, 0), Wave.upTo(40), Wave.upTo(100)
                        .withThresholds(95, 5)))
                .withPacing(Pacing.DEFAULTS.withMaxConcurrent(7).withMaxPerCell(2).withBytesPerSecond(5_000)
                        .withMinRsrp(-115))
                .withSchedule(Schedule.ANYTIME.withStartAt(T).withEndAt(T.plus(Duration.ofDays(3)))
                        .withWindows(ZoneId.of("Europe/Berlin"), List.of(new DailyWindow(LocalTime.of(1, 0),
                                LocalTime.of(5, 30)), new DailyWindow(LocalTime.of(22, 0), LocalTime.of(0, 0)))))
                .withPolicy(RolloutPolicy.DEFAULTS.withPreference(Preference.NONE.withProtocol(
                        io.cellota.firmware.object5.ProtocolSupport.COAPS)).withDeviceDeadline(Duration.ofHours(36))
                        .withRetries(new Retries(2, Set.of(UpdateResult.CONNECTION_LOST,
                                UpdateResult.INTEGRITY_CHECK_FAILURE), new io.cellota.server.update.DeliveryPolicy
                                .Backoff(Duration.ofMinutes(2), 1.5, Duration.ofMinutes(40)))));
    }

    protected Campaign created() {
        return store.create(Campaign.draft(CampaignId.random(), fullSpec(), T));
    }

    protected static CampaignDevice pending(Campaign c, String endpoint, long seq) {
        return CampaignDevice.pending(c.id(), endpoint, seq, OptionalInt.of(0), "joined", T);
    }

    /** A device with every field set. */
    protected static CampaignDevice full(Campaign c, String endpoint, long seq) {
        return pending(c, endpoint, seq).starting(new UpdateId("u-" + endpoint), OptionalLong.of(4711), T)
                .running(UpdatePhase.DOWNLOADING, "downloading")
                .withCancelRequested(CancelCause.DEADLINE, "late")
                .waitingRetry(new DeviceFailure(Optional.of(UpdateResult.CONNECTION_LOST), "CONNECTION_LOST",
                        "Update Result 4: Connection lost during downloading process"), T.plusSeconds(60), "retry");
    }

    @Test
    void a_created_campaign_is_at_revision_1_and_reads_back_equal_with_its_spec() {
        Campaign c = created();

        assertThat(c.revision()).isEqualTo(1);
        assertThat(store.find(c.id())).hasValue(c);
        assertThat(store.find(c.id()).orElseThrow().spec()).isEqualTo(fullSpec());
        assertThat(store.find(new CampaignId("cmp-none"))).isEmpty();
        assertThatThrownBy(() -> store.create(Campaign.draft(c.id(), fullSpec(), T)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void every_field_of_a_campaign_round_trips() {
        Campaign c = created();
        Campaign running = c.withStatus(CampaignStatus.RUNNING).withWaveOpened(T).withWaveOpened(T.plusSeconds(1))
                .withAcknowledgedFailures(List.of(2, 0)).withBandwidthAt(T.plusNanos(5))
                .paused(new Pause(Pause.Kind.FAILURE_THRESHOLD, OptionalInt.of(1), "too many", T.plusSeconds(9)));
        Campaign saved = store.commit(CampaignChange.of(running));
        Campaign cancelled = store.commit(CampaignChange.of(saved.cancelling(CancelMode.HARD)
                .finished(CampaignStatus.CANCELLED, T.plusSeconds(99)).withUpdatedAt(T.plusSeconds(99))));

        assertThat(saved).isEqualTo(running.withRevision(2));
        assertThat(store.find(c.id())).hasValue(cancelled);
        assertThat(cancelled.revision()).isEqualTo(3);
    }

    @Test
    void a_commit_from_a_stale_revision_is_refused_and_writes_nothing() {
        Campaign c = created();
        store.commit(new CampaignChange(c, List.of(pending(c, "a", 1)), List.of(), Optional.empty()));

        assertThatThrownBy(() -> store.commit(new CampaignChange(c.withStatus(CampaignStatus.RUNNING),
                List.of(pending(c, "b", 2)), List.of(), Optional.empty())))
                .isInstanceOfSatisfying(CampaignConflictException.class, e -> assertThat(e.id()).isEqualTo(c.id()))
                .hasMessageContaining("revision 2, not 1");
        assertThat(store.devices(c.id())).extracting(CampaignDevice::endpoint).containsExactly("a");
        assertThat(store.find(c.id()).orElseThrow().status()).isEqualTo(CampaignStatus.DRAFT);
        assertThatThrownBy(() -> store.commit(CampaignChange.of(Campaign.draft(new CampaignId("cmp-x"), fullSpec(),
                T).withRevision(1)))).isInstanceOf(CampaignConflictException.class);
    }

    @Test
    void devices_round_trip_field_by_field_in_the_order_they_joined() {
        Campaign c = created();
        CampaignDevice a = full(c, "dev-a", 2);
        CampaignDevice b = pending(c, "dev-b", 1).finished(DeviceState.SKIPPED, Optional.empty(), "skipped", T);
        Campaign saved = store.commit(new CampaignChange(c, List.of(a, b), List.of(), Optional.empty()));
        CampaignDevice failed = a.finished(DeviceState.FAILED, Optional.of(DeviceFailure.deadline("too slow")),
                "failed", T.plusSeconds(3));
        store.commit(new CampaignChange(saved, List.of(), List.of(failed), Optional.empty()));

        assertThat(store.devices(c.id())).containsExactly(b, failed);
    }

    @Test
    void a_device_joins_once_and_only_a_device_of_the_campaign_changes_and_then_nothing_is_written() {
        Campaign c = created();
        Campaign saved = store.commit(new CampaignChange(c, List.of(pending(c, "a", 1)), List.of(), Optional.empty()));

        assertThatThrownBy(() -> store.commit(new CampaignChange(saved, List.of(pending(c, "b", 2),
                pending(c, "a", 3)), List.of(), Optional.empty()))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.commit(new CampaignChange(saved.withStatus(CampaignStatus.RUNNING), List.of(),
                List.of(pending(c, "z", 9)), Optional.empty()))).isInstanceOf(IllegalArgumentException.class);

        assertThat(store.devices(c.id())).extracting(CampaignDevice::endpoint).containsExactly("a");
        assertThat(store.find(c.id()).orElseThrow()).isEqualTo(saved);
    }

    @Test
    void an_attempt_is_recorded_once_and_a_second_record_writes_nothing() {
        Campaign c = created();
        Campaign saved = store.commit(new CampaignChange(c, List.of(pending(c, "a", 1)), List.of(), Optional.empty()));
        CampaignDevice starting = pending(c, "a", 1).starting(new UpdateId("u-1"), OptionalLong.empty(), T);
        Attempt first = new Attempt(c.id(), "a", 1, new UpdateId("u-1"), T);
        Campaign again = store.commit(new CampaignChange(saved, List.of(), List.of(starting), Optional.of(first)));

        assertThatThrownBy(() -> store.commit(new CampaignChange(again, List.of(), List.of(starting.withNote("x")),
                Optional.of(new Attempt(c.id(), "a", 1, new UpdateId("u-2"), T)))))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(store.attempts(c.id())).containsExactly(first);
        assertThat(store.devices(c.id())).containsExactly(starting);
        assertThat(store.find(c.id()).orElseThrow().revision()).isEqualTo(3);
    }

    @Test
    void campaigns_list_newest_first_also_by_status_and_the_unfinished_and_their_packages_are_known() {
        Campaign first = created();
        Campaign second = created();
        Campaign third = created();
        store.commit(CampaignChange.of(second.finished(CampaignStatus.FINISHED, T)));

        assertThat(store.list(0, 2)).extracting(Campaign::id).containsExactly(third.id(), second.id());
        assertThat(store.list(2, 2)).extracting(Campaign::id).containsExactly(first.id());
        assertThat(store.count()).isEqualTo(3);
        assertThat(store.list(Set.of(CampaignStatus.DRAFT), 0, 10)).extracting(Campaign::id)
                .containsExactly(third.id(), first.id());
        assertThat(store.list(Set.of(CampaignStatus.DRAFT), 1, 10)).extracting(Campaign::id)
                .containsExactly(first.id());
        assertThat(store.list(Set.of(CampaignStatus.FINISHED, CampaignStatus.RUNNING), 0, 10)).extracting(Campaign::id)
                .containsExactly(second.id());
        assertThat(store.count(Set.of(CampaignStatus.DRAFT))).isEqualTo(2);
        assertThat(store.count(Set.of(CampaignStatus.PAUSED))).isZero();
        assertThat(store.listUnfinished()).extracting(Campaign::id).containsExactly(first.id(), third.id());
        assertThat(store.usesPackage(FIRMWARE.packageId())).isTrue();
        assertThat(store.usesPackage("fw-other")).isFalse();
    }

    @Test
    void devices_page_by_state_with_counts() {
        Campaign c = created();
        List<CampaignDevice> devices = new java.util.ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            CampaignDevice d = pending(c, "dev-" + i, i);
            devices.add(i % 3 == 0 ? d.finished(DeviceState.SUCCEEDED, Optional.empty(), "ok", T) : d);
        }
        store.commit(new CampaignChange(c, devices, List.of(), Optional.empty()));

        assertThat(store.devices(c.id(), Set.of(), 2, 3)).extracting(CampaignDevice::endpoint)
                .containsExactly("dev-3", "dev-4", "dev-5");
        assertThat(store.devices(c.id(), Set.of(DeviceState.SUCCEEDED), 0, 10)).extracting(CampaignDevice::endpoint)
                .containsExactly("dev-3", "dev-6");
        assertThat(store.countDevices(c.id(), Set.of(DeviceState.PENDING, DeviceState.SUCCEEDED))).isEqualTo(7);
        assertThat(store.countDevices(c.id(), Set.of(DeviceState.FAILED))).isZero();
        assertThat(store.countByState(c.id())).isEqualTo(Map.of(DeviceState.PENDING, 5L, DeviceState.SUCCEEDED, 2L));
    }
}

package io.cellota.server.campaign;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where campaigns, their devices and their attempts live. The JDBC store implements it; {@link InMemoryCampaignStore}
 * is for tests. Implementations are safe to call from several threads.
 *
 * <p>Contract: {@link #commit} is compare-and-set on the campaign's revision and writes the campaign, its joined
 * and changed devices and the attempt atomically; a device joins a campaign at most once, and an attempt of a device
 * is recorded at most once, both refused by the store itself (e.g. primary keys), not by the caller.
 */
public interface CampaignStore {

    /** The most items one page lists. */
    int MAX_PAGE = 500;

    /**
     * Stores a new campaign (revision 0) and returns it at revision 1.
     *
     * @throws IllegalArgumentException if it is not at revision 0 or its id is taken
     */
    Campaign create(Campaign campaign);

    /**
     * Writes {@code change} if the stored revision still equals its campaign's, and returns the campaign at the next
     * revision.
     *
     * @throws CampaignConflictException if the stored revision differs, or the campaign was never created
     * @throws IllegalArgumentException  if a joined device is already in the campaign, a changed one is not, or the
     *                                   attempt was recorded before; nothing is written then
     */
    Campaign commit(CampaignChange change);

    /** The campaign with this id. */
    Optional<Campaign> find(CampaignId id);

    /** One page of every campaign, newest first (by creation). */
    default List<Campaign> list(int offset, int limit) {
        return list(Set.of(), offset, limit);
    }

    /** One page of the campaigns in one of {@code statuses} (every campaign when empty), newest first. */
    List<Campaign> list(Set<CampaignStatus> statuses, int offset, int limit);

    /** How many campaigns there are. */
    default long count() {
        return count(Set.of());
    }

    /** How many campaigns are in one of {@code statuses} (every campaign when empty). */
    long count(Set<CampaignStatus> statuses);

    /** Every campaign not in a final status, oldest first, e.g. to recover after a restart. */
    List<Campaign> listUnfinished();

    /** Whether a campaign not in a final status installs package {@code packageId}. */
    boolean usesPackage(String packageId);

    /** Every device of the campaign, in the order they joined. */
    List<CampaignDevice> devices(CampaignId id);

    /** One page of the campaign's devices in {@code states} (every state when empty), in the order they joined. */
    List<CampaignDevice> devices(CampaignId id, Set<DeviceState> states, int offset, int limit);

    /** How many of the campaign's devices are in {@code states} (every state when empty). */
    long countDevices(CampaignId id, Set<DeviceState> states);

    /** How many of the campaign's devices are in each state; states without devices are left out. */
    Map<DeviceState, Long> countByState(CampaignId id);

    /** Every attempt the campaign recorded, in the order they were. */
    List<Attempt> attempts(CampaignId id);
}

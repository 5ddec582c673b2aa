package io.cellota.server.campaign.jdbc;

import io.cellota.firmware.object5.UpdateResult;
import io.cellota.server.campaign.Attempt;
import io.cellota.server.campaign.Campaign;
import io.cellota.server.campaign.CampaignChange;
import io.cellota.server.campaign.CampaignConflictException;
import io.cellota.server.campaign.CampaignDevice;
import io.cellota.server.campaign.CampaignId;
import io.cellota.server.campaign.CampaignStatus;
import io.cellota.server.campaign.CampaignStore;
import io.cellota.server.campaign.CancelCause;
import io.cellota.server.campaign.DeviceFailure;
import io.cellota.server.campaign.DeviceState;
import io.cellota.server.campaign.json.CampaignJson;
import io.cellota.server.store.Database;
import io.cellota.server.store.Row;
import io.cellota.server.store.Sql;
import io.cellota.server.store.StoreException;
import io.cellota.server.update.UpdateId;
import io.cellota.server.update.UpdatePhase;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The {@link CampaignStore} in tables {@code campaign}, {@code campaign_device} and {@code campaign_attempt}
 * ({@code V5__campaigns.sql}), on H2 or PostgreSQL through {@link Database}.
 *
 * <p>A campaign is one row: its spec ({@link CampaignJson} document), its progress ({@link CampaignStateJson}) and
 * columns for what is listed. A commit is one transaction: {@code UPDATE campaign … WHERE revision = ?}
 * (compare-and-set), then the joined devices, the changed ones and the attempt; the primary keys refuse a device
 * joining twice and an attempt recorded twice, and then nothing of the commit is written. The devices' times are
 * kept to the microsecond, truncated, as both databases keep them.
 */
public final class JdbcCampaignStore implements CampaignStore {

    private static final String CAMPAIGN = "id, revision, status, spec, state";
    private static final String DEVICE = "campaign_id, endpoint, seq, wave, state, attempt, retries, update_id,"
            + " update_phase, cell_id, failure_result, failure_reason, failure_detail, note, cancel_requested,"
            + " joined_at, started_at, finished_at, not_before";

    private final Database database;

    /** A store over {@code database}, which must have been migrated to V5 (as {@link Database#open} does). */
    public JdbcCampaignStore(Database database) {
        this.database = database;
    }

    @Override
    public Campaign create(Campaign campaign) {
        if (campaign.revision() != 0) {
            throw new IllegalArgumentException("a new campaign has revision 0, not " + campaign.revision());
        }
        Campaign created = campaign.withRevision(1);
        try {
            database.update("INSERT INTO campaign (id, name, package_id, status, revision, created_at, updated_at,"
                    + " spec, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", created.id().value(), created.spec().name(),
                    created.spec().firmware().packageId(), created.status(), created.revision(),
                    micros(created.createdAt()), micros(created.updatedAt()), CampaignJson.document(created.spec()),
                    CampaignStateJson.encode(created));
        } catch (StoreException e) {
            if (e.isUniqueViolation()) {
                throw new IllegalArgumentException("campaign " + campaign.id() + " exists", e);
            }
            throw e;
        }
        return created;
    }

    @Override
    public Campaign commit(CampaignChange change) {
        Campaign c = change.campaign();
        Campaign saved = c.withRevision(c.revision() + 1);
        try {
            return database.inTransaction(sql -> {
                int updated = sql.update("UPDATE campaign SET status = ?, revision = ?, updated_at = ?, state = ?"
                        + " WHERE id = ? AND revision = ?", saved.status(), saved.revision(), micros(saved.updatedAt()),
                        CampaignStateJson.encode(saved), c.id().value(), c.revision());
                if (updated == 0) {
                    long actual = sql.queryOne("SELECT revision FROM campaign WHERE id = ?",
                            row -> row.longValue("revision"), c.id().value()).orElse(-1L);
                    throw new CampaignConflictException(c.id(), c.revision(), actual);
                }
                for (CampaignDevice d : change.joined()) {
                    insert(sql, d);
                }
                for (CampaignDevice d : change.changed()) {
                    if (update(sql, d) == 0) {
                        throw new IllegalArgumentException(d.endpoint() + " is not in campaign " + c.id());
                    }
                }
                if (change.attempt().isPresent()) {
                    Attempt a = change.attempt().get();
                    sql.update("INSERT INTO campaign_attempt (campaign_id, endpoint, attempt, update_id, started_at)"
                            + " VALUES (?, ?, ?, ?, ?)", a.campaignId().value(), a.endpoint(), a.number(),
                            a.updateId().value(), micros(a.startedAt()));
                }
                return saved;
            });
        } catch (StoreException e) {
            if (e.isUniqueViolation()) {
                throw new IllegalArgumentException("campaign " + c.id() + ": a device joined twice or an attempt was"
                        + " recorded twice; nothing was written", e);
            }
            throw e;
        }
    }

    @Override
    public Optional<Campaign> find(CampaignId id) {
        return database.queryOne("SELECT " + CAMPAIGN + " FROM campaign WHERE id = ?", JdbcCampaignStore::toCampaign,
                id.value());
    }

    @Override
    public List<Campaign> list(Set<CampaignStatus> statuses, int offset, int limit) {
        checkPage(offset, limit);
        List<Object> params = new ArrayList<>(statuses);
        params.add(limit);
        params.add(offset);
        return database.query("SELECT " + CAMPAIGN + " FROM campaign" + whereStatus(statuses)
                + " ORDER BY seq DESC LIMIT ? OFFSET ?", JdbcCampaignStore::toCampaign, params.toArray());
    }

    @Override
    public long count(Set<CampaignStatus> statuses) {
        return database.queryOne("SELECT COUNT(*) AS n FROM campaign" + whereStatus(statuses),
                row -> row.longValue("n"), statuses.toArray()).orElseThrow();
    }

    private static String whereStatus(Set<CampaignStatus> statuses) {
        return statuses.isEmpty() ? "" : " WHERE status IN (" + String.join(", ",
                Collections.nCopies(statuses.size(), "?")) + ")";
    }

    @Override
    public List<Campaign> listUnfinished() {
        return database.query("SELECT " + CAMPAIGN + " FROM campaign WHERE status NOT IN ('FINISHED', 'CANCELLED')"
                + " ORDER BY seq", JdbcCampaignStore::toCampaign);
    }

    @Override
    public boolean usesPackage(String packageId) {
        return database.queryOne("SELECT COUNT(*) AS n FROM campaign WHERE package_id = ?"
                + " AND status NOT IN ('FINISHED', 'CANCELLED')", row -> row.longValue("n"), packageId)
                .orElseThrow() > 0;
    }

    @Override
    public List<CampaignDevice> devices(CampaignId id) {
        return database.query("SELECT " + DEVICE + " FROM campaign_device WHERE campaign_id = ? ORDER BY seq",
                JdbcCampaignStore::toDevice, id.value());
    }

    @Override
    public List<CampaignDevice> devices(CampaignId id, Set<DeviceState> states, int offset, int limit) {
        checkPage(offset, limit);
        List<Object> params = new ArrayList<>();
        params.add(id.value());
        params.addAll(states);
        params.add(limit);
        params.add(offset);
        return database.query("SELECT " + DEVICE + " FROM campaign_device WHERE campaign_id = ?" + inStates(states)
                + " ORDER BY seq LIMIT ? OFFSET ?", JdbcCampaignStore::toDevice, params.toArray());
    }

    @Override
    public long countDevices(CampaignId id, Set<DeviceState> states) {
        List<Object> params = new ArrayList<>();
        params.add(id.value());
        params.addAll(states);
        return database.queryOne("SELECT COUNT(*) AS n FROM campaign_device WHERE campaign_id = ?" + inStates(states),
                row -> row.longValue("n"), params.toArray()).orElseThrow();
    }

    @Override
    public Map<DeviceState, Long> countByState(CampaignId id) {
        Map<DeviceState, Long> counts = new EnumMap<>(DeviceState.class);
        database.query("SELECT state, COUNT(*) AS n FROM campaign_device WHERE campaign_id = ? GROUP BY state",
                row -> counts.put(DeviceState.valueOf(row.text("state")), row.longValue("n")), id.value());
        return counts;
    }

    @Override
    public List<Attempt> attempts(CampaignId id) {
        return database.query("SELECT endpoint, attempt, update_id, started_at FROM campaign_attempt"
                + " WHERE campaign_id = ? ORDER BY seq", row -> new Attempt(id, row.text("endpoint"),
                (int) row.longValue("attempt"), new UpdateId(row.text("update_id")), row.instant("started_at")),
                id.value());
    }

    private static String inStates(Set<DeviceState> states) {
        return states.isEmpty() ? "" : " AND state IN (" + String.join(", ", Collections.nCopies(states.size(), "?"))
                + ")";
    }

    private static void insert(Sql sql, CampaignDevice d) throws SQLException {
        sql.update("INSERT INTO campaign_device (" + DEVICE + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " ?, ?, ?, ?)", d.campaignId().value(), d.endpoint(), d.seq(), d.wave(), d.state(), d.attempt(),
                d.retries(), d.updateId().map(UpdateId::value), d.updatePhase(), d.cellId(),
                failureResult(d), d.failure().map(DeviceFailure::reason), d.failure().map(DeviceFailure::detail),
                d.note(), d.cancelRequested(), micros(d.joinedAt()), d.startedAt().map(JdbcCampaignStore::micros),
                d.finishedAt().map(JdbcCampaignStore::micros), d.notBefore().map(JdbcCampaignStore::micros));
    }

    private static int update(Sql sql, CampaignDevice d) throws SQLException {
        return sql.update("UPDATE campaign_device SET wave = ?, state = ?, attempt = ?, retries = ?, update_id = ?,"
                + " update_phase = ?, cell_id = ?, failure_result = ?, failure_reason = ?, failure_detail = ?,"
                + " note = ?, cancel_requested = ?, started_at = ?, finished_at = ?, not_before = ?"
                + " WHERE campaign_id = ? AND endpoint = ?", d.wave(), d.state(), d.attempt(), d.retries(),
                d.updateId().map(UpdateId::value), d.updatePhase(), d.cellId(), failureResult(d),
                d.failure().map(DeviceFailure::reason), d.failure().map(DeviceFailure::detail), d.note(),
                d.cancelRequested(), d.startedAt().map(JdbcCampaignStore::micros),
                d.finishedAt().map(JdbcCampaignStore::micros), d.notBefore().map(JdbcCampaignStore::micros),
                d.campaignId().value(), d.endpoint());
    }

    private static OptionalInt failureResult(CampaignDevice d) {
        return d.failure().flatMap(DeviceFailure::updateResult).map(r -> OptionalInt.of(r.code()))
                .orElse(OptionalInt.empty());
    }

    private static Campaign toCampaign(Row row) throws SQLException {
        String id = row.text("id");
        try {
            return CampaignStateJson.decode(new CampaignId(id), row.longValue("revision"),
                    CampaignJson.fromDocument(row.text("spec")), CampaignStatus.valueOf(row.text("status")),
                    row.text("state"));
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw new SQLException("campaign " + id + " is corrupt: " + e.getMessage(), e);
        }
    }

    private static CampaignDevice toDevice(Row row) throws SQLException {
        String endpoint = row.text("endpoint");
        try {
            Optional<DeviceFailure> failure = row.optionalText("failure_reason").map(reason -> new DeviceFailure(
                    optionalInt(row, "failure_result").stream().boxed().findFirst()
                            .flatMap(UpdateResult::fromCode), reason, text(row, "failure_detail")));
            return new CampaignDevice(new CampaignId(row.text("campaign_id")), endpoint, row.longValue("seq"),
                    optionalInt(row, "wave"), DeviceState.valueOf(row.text("state")), (int) row.longValue("attempt"),
                    (int) row.longValue("retries"), row.optionalText("update_id").map(UpdateId::new),
                    row.optionalText("update_phase").map(UpdatePhase::valueOf), row.optionalLong("cell_id"), failure,
                    row.text("note"), row.optionalText("cancel_requested").map(CancelCause::valueOf),
                    row.instant("joined_at"), row.optionalInstant("started_at"), row.optionalInstant("finished_at"),
                    row.optionalInstant("not_before"));
        } catch (IllegalArgumentException | UncheckedSql e) {
            throw new SQLException("device " + endpoint + " of a campaign is corrupt: " + e.getMessage(), e);
        }
    }

    private static OptionalInt optionalInt(Row row, String column) {
        try {
            OptionalLong v = row.optionalLong(column);
            return v.isPresent() ? OptionalInt.of((int) v.getAsLong()) : OptionalInt.empty();
        } catch (SQLException e) {
            throw new UncheckedSql(e);
        }
    }

    private static String text(Row row, String column) {
        try {
            return row.text(column);
        } catch (SQLException e) {
            throw new UncheckedSql(e);
        }
    }

    /** An {@link SQLException} through a lambda. */
    private static final class UncheckedSql extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UncheckedSql(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private static Instant micros(Instant time) {
        return time.truncatedTo(ChronoUnit.MICROS);
    }

    private static void checkPage(int offset, int limit) {
        if (offset < 0 || limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("offset ≥ 0 and limit 1.." + MAX_PAGE + ", not " + offset + ", "
                    + limit);
        }
    }
}

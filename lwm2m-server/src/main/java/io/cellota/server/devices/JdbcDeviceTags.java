package io.cellota.server.devices;

import io.cellota.server.store.Database;
import io.cellota.server.store.StoreException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@link DeviceTags} in table {@code device_tag} ({@code V5__campaigns.sql}): one row per device and tag, so the
 * primary key keeps a tag once per device and the index on the tag finds a group's devices. A replace is one
 * transaction: readers see the old tags or the new ones, never a mixture; two replaces of one device racing end with
 * one of them whole (the loser of the primary key tries again).
 */
public final class JdbcDeviceTags implements DeviceTags {

    private final Database database;

    /** Tags in {@code database}, which must have been migrated to V5 (as {@link Database#open} does). */
    public JdbcDeviceTags(Database database) {
        this.database = database;
    }

    @Override
    public Set<String> tags(String endpoint) {
        return Collections.unmodifiableSet(new TreeSet<>(database.query(
                "SELECT tag FROM device_tag WHERE endpoint = ?", row -> row.text("tag"), endpoint)));
    }

    @Override
    public Set<String> replace(String endpoint, Set<String> tags) {
        Set<String> checked = DeviceTags.requireValid(endpoint, tags);
        for (int attempt = 1; ; attempt++) {
            try {
                database.inTransaction(sql -> {
                    sql.update("DELETE FROM device_tag WHERE endpoint = ?", endpoint);
                    for (String tag : new TreeSet<>(checked)) {
                        sql.update("INSERT INTO device_tag (endpoint, tag) VALUES (?, ?)", endpoint, tag);
                    }
                    return null;
                });
                return Collections.unmodifiableSet(new TreeSet<>(checked));
            } catch (StoreException e) {
                // two replaces of one device at once: the later insert meets the earlier one's rows; do it again
                if (!e.isUniqueViolation() || attempt == 3) {
                    throw e;
                }
            }
        }
    }

    @Override
    public Set<String> tagged(Set<String> tags) {
        if (tags.isEmpty()) {
            return Set.of();
        }
        List<Object> params = new ArrayList<>(tags);
        return Collections.unmodifiableSet(new TreeSet<>(database.query("SELECT DISTINCT endpoint FROM device_tag"
                + " WHERE tag IN (" + String.join(", ", Collections.nCopies(tags.size(), "?")) + ")",
                row -> row.text("endpoint"), params.toArray())));
    }
}

package io.cellota.server.devices;

import io.cellota.server.store.Database;
import io.cellota.server.store.StoreException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link DeviceTags} in table {@code device_tag} ({@code V5__campaigns.sql}): one row per device and tag, so the
 * primary key keeps a tag once per device and the index on the tag finds a group's devices. A replace is one
 * transaction: readers see the old tags or the new ones, never a mixture; two replaces of one device racing end with
 * one of them whole (the loser of the primary key tries again).
 *
 * <p>Reads come from memory: every tag is loaded once, and each replace updates the copy after its commit. Campaigns
 * ask for a device's tags at every tick, and only this store changes them (one server per database, as for the
 * campaigns themselves).
 */
public final class JdbcDeviceTags implements DeviceTags {

    private final Database database;
    private final Map<String, Set<String>> cache = new ConcurrentHashMap<>();
    private volatile boolean loaded;

    /** Tags in {@code database}, which must have been migrated to V5 (as {@link Database#open} does). */
    public JdbcDeviceTags(Database database) {
        this.database = database;
    }

    @Override
    public Set<String> tags(String endpoint) {
        load();
        return cache.getOrDefault(endpoint, Set.of());
    }

    @Override
    public Set<String> replace(String endpoint, Set<String> tags) {
        Set<String> checked = DeviceTags.requireValid(endpoint, tags);
        synchronized (cache) {
            return replaceChecked(endpoint, checked);
        }
    }

    /** The replace, with this process's replaces in line so the copy in memory ends as the database does. */
    private Set<String> replaceChecked(String endpoint, Set<String> checked) {
        for (int attempt = 1; ; attempt++) {
            try {
                database.inTransaction(sql -> {
                    sql.update("DELETE FROM device_tag WHERE endpoint = ?", endpoint);
                    for (String tag : new TreeSet<>(checked)) {
                        sql.update("INSERT INTO device_tag (endpoint, tag) VALUES (?, ?)", endpoint, tag);
                    }
                    return null;
                });
                Set<String> stored = Collections.unmodifiableSet(new TreeSet<>(checked));
                load();
                if (stored.isEmpty()) {
                    cache.remove(endpoint);
                } else {
                    cache.put(endpoint, stored);
                }
                return stored;
            } catch (StoreException e) {
                // another server replacing the same device at once: the later insert meets its rows; do it again
                if (!e.isUniqueViolation() || attempt == 3) {
                    throw e;
                }
            }
        }
    }

    @Override
    public Set<String> tagged(Set<String> tags) {
        load();
        Set<String> tagged = new TreeSet<>();
        cache.forEach((endpoint, own) -> {
            if (own.stream().anyMatch(tags::contains)) {
                tagged.add(endpoint);
            }
        });
        return Collections.unmodifiableSet(tagged);
    }

    private void load() {
        if (loaded) {
            return;
        }
        synchronized (cache) {
            if (!loaded) {
                Map<String, Set<String>> all = new HashMap<>();
                database.query("SELECT endpoint, tag FROM device_tag", row -> all.computeIfAbsent(row.text("endpoint"),
                        e -> new TreeSet<>()).add(row.text("tag")));
                all.forEach((endpoint, tags) -> cache.putIfAbsent(endpoint, Collections.unmodifiableSet(tags)));
                loaded = true;
            }
        }
    }
}

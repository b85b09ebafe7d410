package org.connwatch.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.connwatch.detect.Finding;
import org.connwatch.store.FindingState;
import org.connwatch.store.FindingStatus;

/**
 * The monitor's findings by key ({@link FindingKeys}): each raised once, then updated when it recurs,
 * its status kept (an acknowledged finding that recurs stays acknowledged). Bounded: past
 * {@link #MAX_FINDINGS} the finding raised least recently is forgotten here (it stays in the history).
 *
 * <p>Thread-safe: the poll thread raises, the dashboard's threads change statuses; status changes wait
 * in {@link #takeChanged()} for the poll thread, the history's one writer.
 */
final class FindingBook {
    static final int MAX_FINDINGS = 100_000;
    /** At most this many connection ids are kept per finding, the latest first. */
    static final int MAX_CONNECTION_IDS = 20;

    private final IdSequence ids;
    private final Duration recurAfter;
    private final Duration rewrite;
    private final LinkedHashMap<String, FindingState> byKey = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<Long, String> keyOfId = new HashMap<>();
    private final Map<String, Instant> written = new HashMap<>();
    private final LinkedHashMap<Long, FindingState> changed = new LinkedHashMap<>();
    private long raised;

    /** What raising a finding did. */
    record Raised(FindingState state, boolean isNew, boolean recurred) {
    }

    FindingBook(IdSequence ids, Duration recurAfter, Duration rewrite) {
        this.ids = ids;
        this.recurAfter = recurAfter;
        this.rewrite = rewrite;
    }

    /** Takes in findings kept in the history (at start), so their status and counts carry on. */
    synchronized void load(List<FindingState> states) {
        for (FindingState s : states) {
            if (!byKey.containsKey(s.key())) {
                put(s);
                written.put(s.key(), s.lastSeen());
            }
        }
    }

    /**
     * Raises a finding at {@code now}: new, a new occurrence (raised again {@code recurAfter} or more after
     * it was last seen), or the same occurrence going on (its latest form and last-seen time updated, written
     * again at most every {@code rewrite}).
     */
    synchronized Raised raise(Finding f, List<Long> connectionIds, Instant now) {
        String key = FindingKeys.key(f);
        FindingState old = byKey.get(key);
        if (old == null) {
            FindingState s = new FindingState(ids.next(), key, f, now, now, 1, firstIds(connectionIds, List.of()),
                    FindingStatus.OPEN, "");
            put(s);
            raised++;
            markChanged(s, now);
            return new Raised(s, true, false);
        }
        boolean recurred = !old.lastSeen().plus(recurAfter).isAfter(now);
        FindingState s = new FindingState(old.id(), key, f, old.firstSeen(), now,
                old.occurrences() + (recurred ? 1 : 0), firstIds(connectionIds, old.connectionIds()), old.status(),
                old.note());
        byKey.put(key, s);
        Instant last = written.get(key);
        if (recurred || changed.containsKey(s.id()) || last == null || !last.plus(rewrite).isAfter(now)) {
            markChanged(s, now);
        }
        return new Raised(s, false, recurred);
    }

    /** Sets a finding's status; empty when it is not (or no more) in the book. */
    synchronized Optional<FindingState> setStatus(long id, FindingStatus status, String note, Instant now) {
        String key = keyOfId.get(id);
        if (key == null) {
            return Optional.empty();
        }
        FindingState s = byKey.get(key).withStatus(status, note);
        byKey.put(key, s);
        markChanged(s, now);
        return Optional.of(s);
    }

    synchronized Optional<FindingState> get(long id) {
        String key = keyOfId.get(id);
        return key == null ? Optional.empty() : Optional.of(byKey.get(key));
    }

    /** The findings changed since the last call (raised, recurred, status set), each in its latest form. */
    synchronized List<FindingState> takeChanged() {
        List<FindingState> out = new ArrayList<>(changed.values());
        changed.clear();
        return out;
    }

    /** Findings raised for the first time since start. */
    synchronized long raised() {
        return raised;
    }

    synchronized int size() {
        return byKey.size();
    }

    private void markChanged(FindingState s, Instant now) {
        changed.put(s.id(), s);
        written.put(s.key(), now);
    }

    private void put(FindingState s) {
        byKey.put(s.key(), s);
        keyOfId.put(s.id(), s.key());
        if (byKey.size() > MAX_FINDINGS) {
            var eldest = byKey.entrySet().iterator();
            FindingState gone = eldest.next().getValue();
            eldest.remove();
            keyOfId.remove(gone.id());
            written.remove(gone.key());
        }
    }

    private static List<Long> firstIds(List<Long> latest, List<Long> before) {
        List<Long> out = new ArrayList<>(MAX_CONNECTION_IDS);
        for (Long id : latest) {
            if (out.size() < MAX_CONNECTION_IDS && !out.contains(id)) {
                out.add(id);
            }
        }
        for (Long id : before) {
            if (out.size() < MAX_CONNECTION_IDS && !out.contains(id)) {
                out.add(id);
            }
        }
        return out;
    }
}

package org.connwatch.act.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.connwatch.detect.Severity;
import org.connwatch.store.FindingState;
import org.connwatch.store.FindingStatus;

/**
 * One sink's de-duplication and rate limit: decides whether a finding alerts on that sink now, and
 * keeps count of what it held back for the summary. Memory is bounded: the last alert times of at
 * most {@value #REMEMBERED} findings (the least recently alerted forgotten first). Not thread-safe:
 * the dispatcher calls it under its lock.
 */
final class SinkGate {
    /** How many findings' last alert times are remembered. */
    static final int REMEMBERED = 65_536;

    /** What to do with an alert. */
    enum Verdict {
        /** Deliver it. */
        SEND,
        /** Leave it out: a recurrence within the quiet period, or acknowledged or allowed. */
        SUPPRESS,
        /** The rate limit holds it back; the next summary counts it. */
        HOLD_BACK
    }

    private final Duration quiet;
    private final TokenBucket bucket;
    private final Map<Long, Instant> lastAlerted = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Instant> eldest) {
            return size() > REMEMBERED;
        }
    };
    private long suppressed;
    private long heldBackTotal;
    private long heldBackNow;
    private Severity heldBackWorst = Severity.INFO;
    private Instant heldBackSince;

    SinkGate(AlertLimits limits, Instant start) {
        this.quiet = limits.quiet();
        this.bucket = new TokenBucket(limits.burst(), limits.refill(), start);
    }

    /** Whether the finding alerts now; a SEND is recorded as its last alert. */
    Verdict judge(FindingState state, boolean isNew, Instant now) {
        if (state.status() != FindingStatus.OPEN) {
            suppressed++;
            return Verdict.SUPPRESS;
        }
        if (!isNew) {
            Instant last = lastAlerted.getOrDefault(state.id(), state.firstSeen());
            if (Duration.between(last, now).compareTo(quiet) < 0) {
                suppressed++;
                return Verdict.SUPPRESS;
            }
        }
        if (!bucket.tryTake(now)) {
            heldBackTotal++;
            if (heldBackNow++ == 0) {
                heldBackSince = now;
                heldBackWorst = state.latest().severity();
            } else if (state.latest().severity().compareTo(heldBackWorst) > 0) {
                heldBackWorst = state.latest().severity();
            }
            return Verdict.HOLD_BACK;
        }
        lastAlerted.put(state.id(), now);
        return Verdict.SEND;
    }

    /**
     * The summary of what was held back, when something was and the bucket has a token for it
     * again (the summary takes that token); empty otherwise.
     */
    Optional<HeldBackAlert> releaseHeldBack(Instant now) {
        if (heldBackNow == 0 || !bucket.tryTake(now)) {
            return Optional.empty();
        }
        HeldBackAlert summary = new HeldBackAlert(heldBackNow, heldBackWorst, heldBackSince, now);
        heldBackNow = 0;
        heldBackWorst = Severity.INFO;
        heldBackSince = null;
        return Optional.of(summary);
    }

    long suppressed() {
        return suppressed;
    }

    long heldBack() {
        return heldBackTotal;
    }
}

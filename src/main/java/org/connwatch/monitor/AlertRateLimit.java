package org.connwatch.monitor;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Lets alerts through at a bounded rate, per detector and overall, so that a flood of findings does not
 * bury the user: a token bucket per detector and one for all (sizes in {@link MonitorSettings}). An alert
 * held back is counted; the finding is stored all the same. Not thread-safe (the poll thread only).
 */
final class AlertRateLimit {
    private final MonitorSettings settings;
    private final TokenBucket overall;
    private final Map<String, TokenBucket> perDetector = new HashMap<>();
    private long suppressed;

    AlertRateLimit(MonitorSettings settings) {
        this.settings = settings;
        this.overall = new TokenBucket(settings.alertBurst(), settings.alertRefill());
    }

    /** True when an alert of this detector may go out at {@code now}; false (and counted) when held back. */
    boolean allow(String detector, Instant now) {
        TokenBucket own = perDetector.computeIfAbsent(detector,
                d -> new TokenBucket(settings.detectorAlertBurst(), settings.detectorAlertRefill()));
        if (own.available(now) && overall.available(now)) {
            own.tryTake(now);
            overall.tryTake(now);
            return true;
        }
        suppressed++;
        return false;
    }

    /** Alerts held back since start. */
    long suppressed() {
        return suppressed;
    }
}

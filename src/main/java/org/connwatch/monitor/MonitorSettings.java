package org.connwatch.monitor;

import java.time.Duration;

/**
 * How the monitor runs. {@link #defaults()} gives the documented defaults (docs/DETECTION.md).
 *
 * @param pollInterval        time between polls of the socket table (1 s)
 * @param closeEvents         also read the kernel's socket close announcements (short-lived connections)
 * @param refresh             an open connection unchanged is written again at least this often (60 s)
 * @param detectEvery         the detectors that need history (beacon, traffic-peak ...) run this often (30 s)
 * @param windowRecords       at most this many recent connections are kept for them (200,000)
 * @param windowAge           ... and none last seen longer ago than this (24 h)
 * @param recurAfter          a finding raised again within this time of its last sighting is the same
 *                            occurrence still going on; after it, a new occurrence (5 min)
 * @param alertBurst          alerts let through at once, all detectors together (30)
 * @param alertRefill         ... then one more every this long (10 s: 6 a minute)
 * @param detectorAlertBurst  alerts let through at once for one detector (10)
 * @param detectorAlertRefill ... then one more every this long (60 s)
 * @param captureInterface    also capture on this interface and follow its flows; null for none
 */
public record MonitorSettings(Duration pollInterval, boolean closeEvents, Duration refresh, Duration detectEvery,
                              int windowRecords, Duration windowAge, Duration recurAfter, int alertBurst,
                              Duration alertRefill, int detectorAlertBurst, Duration detectorAlertRefill,
                              String captureInterface) {

    public MonitorSettings {
        positive(pollInterval, "pollInterval");
        positive(refresh, "refresh");
        positive(detectEvery, "detectEvery");
        positive(windowAge, "windowAge");
        positive(recurAfter, "recurAfter");
        positive(alertRefill, "alertRefill");
        positive(detectorAlertRefill, "detectorAlertRefill");
        if (windowRecords < 1 || alertBurst < 1 || detectorAlertBurst < 1) {
            throw new IllegalArgumentException("window and burst sizes must be at least 1");
        }
    }

    /** The defaults. */
    public static MonitorSettings defaults() {
        return new MonitorSettings(Duration.ofSeconds(1), true, Duration.ofSeconds(60), Duration.ofSeconds(30),
                200_000, Duration.ofHours(24), Duration.ofMinutes(5), 30, Duration.ofSeconds(10), 10,
                Duration.ofSeconds(60), null);
    }

    public MonitorSettings withPollInterval(Duration d) {
        return new MonitorSettings(d, closeEvents, refresh, detectEvery, windowRecords, windowAge, recurAfter,
                alertBurst, alertRefill, detectorAlertBurst, detectorAlertRefill, captureInterface);
    }

    public MonitorSettings withCloseEvents(boolean on) {
        return new MonitorSettings(pollInterval, on, refresh, detectEvery, windowRecords, windowAge, recurAfter,
                alertBurst, alertRefill, detectorAlertBurst, detectorAlertRefill, captureInterface);
    }

    public MonitorSettings withDetectEvery(Duration d) {
        return new MonitorSettings(pollInterval, closeEvents, refresh, d, windowRecords, windowAge, recurAfter,
                alertBurst, alertRefill, detectorAlertBurst, detectorAlertRefill, captureInterface);
    }

    public MonitorSettings withAlertLimits(int burst, Duration refill, int detectorBurst, Duration detectorRefill) {
        return new MonitorSettings(pollInterval, closeEvents, refresh, detectEvery, windowRecords, windowAge,
                recurAfter, burst, refill, detectorBurst, detectorRefill, captureInterface);
    }

    public MonitorSettings withCaptureInterface(String name) {
        return new MonitorSettings(pollInterval, closeEvents, refresh, detectEvery, windowRecords, windowAge,
                recurAfter, alertBurst, alertRefill, detectorAlertBurst, detectorAlertRefill, name);
    }

    private static void positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }
}

package org.connwatch.detect.peak;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.connwatch.detect.Phrases;

/** The plain sentence of a traffic-peak finding. */
final class PeakReason {
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    private PeakReason() {
    }

    /**
     * "10.0.0.8 sent 2.0 GiB between 03:00 and 04:00 UTC on 2026-11-20, 35 times its usual 61 MiB for that
     * hour of the day (median of 13 other days); most of it (98 %) to 198.51.100.50:443 over tcp by rclone
     * (pid 4242)".
     */
    static String of(Peak p, Carrier top, ZoneId zone) {
        return p.host() + " " + p.flow().past() + " " + Phrases.bytes(p.volume()) + " "
                + window(p.start(), p.end(), zone) + ", " + usual(p) + "; " + carrier(p, top);
    }

    /** "between 03:00 and 04:00 UTC on 2026-11-20", with both dates when the window crosses midnight. */
    static String window(Instant start, Instant end, ZoneId zone) {
        ZonedDateTime a = start.atZone(zone);
        ZonedDateTime b = end.atZone(zone);
        String z = " " + zoneLabel(zone);
        LocalDate day = a.toLocalDate();
        if (b.toLocalDate().equals(day)) {
            return "between " + HH_MM.format(a) + " and " + HH_MM.format(b) + z + " on " + day;
        }
        if (b.toLocalDate().equals(day.plusDays(1)) && b.toLocalTime().equals(LocalTime.MIDNIGHT)) {
            return "between " + HH_MM.format(a) + " and 24:00" + z + " on " + day;
        }
        return "between " + HH_MM.format(a) + z + " on " + day + " and " + HH_MM.format(b) + z + " on "
                + b.toLocalDate();
    }

    /** "UTC" for UTC however it is named, else the zone's id ("Europe/Berlin"). */
    static String zoneLabel(ZoneId zone) {
        return zone.normalized().equals(ZoneOffset.UTC) ? "UTC" : zone.getId();
    }

    private static String usual(Peak p) {
        String against = baseline(p);
        if (p.usual() == 0) {
            return "when it usually " + p.flow().present() + " nothing " + against;
        }
        double ratio = p.ratio();
        String times = ratio >= 10 ? Long.toString(Math.round(ratio))
                : Long.toString(Math.round(ratio * 10) / 10) + "." + Math.round(ratio * 10) % 10;
        return times + " times its " + (p.kind() == Baseline.Kind.LEARNED ? "learned usual " : "usual ")
                + Phrases.bytes(p.usual()) + " " + against;
    }

    private static String baseline(Peak p) {
        boolean one = p.hours() == 1;
        return switch (p.kind()) {
            case HOUR_OF_WEEK -> (one ? "for that hour of the week" : "for those hours of the week")
                    + " (median of " + p.comparable() + " other weeks)";
            case LEARNED -> (one ? "for that hour of the week" : "for those hours of the week")
                    + " (median of " + p.comparable() + " weeks learned)";
            case HOUR_OF_DAY -> (one ? "for that hour of the day" : "for those hours of the day")
                    + " (median of " + p.comparable() + " other days)";
            case OTHER_HOURS -> (one ? "in a busy hour" : "in " + p.hours() + " busy hours")
                    + " (90th percentile of its " + p.comparable() + " other hours)";
        };
    }

    private static String carrier(Peak p, Carrier top) {
        long percent = p.volume() == 0 ? 0 : (long) Math.floor(100.0 * top.bytes() / p.volume());
        String part = 2 * top.bytes() >= p.volume() ? "most of it" : "the largest part";
        return part + " (" + percent + " %) " + p.flow().preposition() + " " + Phrases.remote(top.example())
                + " by " + Phrases.program(top.example())
                + (top.connections() > 1 ? " over " + top.connections() + " connections" : "");
    }
}

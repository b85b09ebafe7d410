package org.connwatch.baseline;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.connwatch.detect.peak.Flow;
import org.connwatch.detect.peak.LearnedVolumes;

/**
 * What one host (local address) sent and received in each hour of the week (UTC, 0 = Monday 00:00 .. 167),
 * week by week for the last {@value #MAX_WEEKS} weeks learned, so that the usual volume of an hour of the week
 * is the median over the weeks. An hour the host was not observed in is unknown ({@value #UNKNOWN}), not zero.
 * Immutable.
 */
public final class HourVolumes {
    /** Hours in a week. */
    public static final int HOURS = 168;
    /** How many weeks are kept, the latest. */
    public static final int MAX_WEEKS = 12;
    /** A volume of an hour not observed. */
    public static final long UNKNOWN = -1;

    /** Week start (a Monday, UTC) to the volumes: index 0 sent, 1 received, each {@link #HOURS} long. */
    private final SortedMap<LocalDate, long[][]> weeks;

    /**
     * @param weeks week start (a Monday) to its volumes, {@code [flow ordinal][hour of week]}, {@link #UNKNOWN}
     *              for an hour not observed; only the latest {@value #MAX_WEEKS} weeks are kept
     */
    public HourVolumes(Map<LocalDate, long[][]> weeks) {
        TreeMap<LocalDate, long[][]> copy = new TreeMap<>();
        weeks.forEach((week, v) -> {
            if (week.getDayOfWeek() != DayOfWeek.MONDAY) {
                throw new IllegalArgumentException("a week starts on a Monday: " + week);
            }
            if (v.length != 2 || v[0].length != HOURS || v[1].length != HOURS) {
                throw new IllegalArgumentException("a week has " + HOURS + " hours sent and received");
            }
            for (long[] flow : v) {
                for (long b : flow) {
                    if (b < UNKNOWN) {
                        throw new IllegalArgumentException("a volume must not be negative: " + b);
                    }
                }
            }
            copy.put(Objects.requireNonNull(week, "week"), new long[][] {v[0].clone(), v[1].clone()});
        });
        while (copy.size() > MAX_WEEKS) {
            copy.pollFirstEntry();
        }
        this.weeks = Collections.unmodifiableSortedMap(copy);
    }

    /** The Monday (UTC) of the week holding {@code t}. */
    public static LocalDate weekOf(Instant t) {
        return t.atZone(ZoneOffset.UTC).toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    /** The hour of the week (UTC) holding {@code t}: 0 (Monday 00:00) .. 167. */
    public static int hourOfWeek(Instant t) {
        ZonedDateTime utc = t.atZone(ZoneOffset.UTC);
        return (utc.getDayOfWeek().getValue() - 1) * 24 + utc.getHour();
    }

    /** The weeks learned, oldest first (a copy of each week's volumes is made on use, never shared). */
    public SortedMap<LocalDate, long[][]> weeks() {
        TreeMap<LocalDate, long[][]> out = new TreeMap<>();
        weeks.forEach((w, v) -> out.put(w, new long[][] {v[0].clone(), v[1].clone()}));
        return out;
    }

    /** The volume of one flow in one hour of one week; {@link #UNKNOWN} when not observed. */
    public long volume(LocalDate week, int hourOfWeek, Flow flow) {
        long[][] v = weeks.get(week);
        return v == null ? UNKNOWN : v[flow.ordinal()][hourOfWeek];
    }

    /** The per-week totals of one hour of the week, oldest week first, weeks not observed left out. */
    public long[] weekly(int hourOfWeek, Flow flow) {
        if (hourOfWeek < 0 || hourOfWeek >= HOURS) {
            throw new IllegalArgumentException("hour of the week out of range: " + hourOfWeek);
        }
        return weeks.values().stream().mapToLong(v -> v[flow.ordinal()][hourOfWeek]).filter(b -> b >= 0).toArray();
    }

    /** The median (and median absolute deviation) of {@link #weekly}; empty when no week observed it. */
    public Optional<LearnedVolumes.Usual> usual(int hourOfWeek, Flow flow) {
        long[] v = weekly(hourOfWeek, flow);
        if (v.length == 0) {
            return Optional.empty();
        }
        Arrays.sort(v);
        long median = median(v);
        long[] dev = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            dev[i] = Math.abs(v[i] - median);
        }
        Arrays.sort(dev);
        return Optional.of(new LearnedVolumes.Usual(median, median(dev), v.length));
    }

    private static long median(long[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : Math.round((sorted[n / 2 - 1] + (double) sorted[n / 2]) / 2);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof HourVolumes h) || !weeks.keySet().equals(h.weeks.keySet())) {
            return false;
        }
        for (Map.Entry<LocalDate, long[][]> e : weeks.entrySet()) {
            if (!Arrays.deepEquals(e.getValue(), h.weeks.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = weeks.keySet().hashCode();
        for (long[][] v : weeks.values()) {
            h = 31 * h + Arrays.deepHashCode(v);
        }
        return h;
    }

    @Override
    public String toString() {
        return "HourVolumes[" + weeks.size() + " weeks from " + (weeks.isEmpty() ? "-" : weeks.firstKey()) + "]";
    }
}

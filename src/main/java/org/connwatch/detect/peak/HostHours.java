package org.connwatch.detect.peak;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.connwatch.records.Connection;

/**
 * One host's bytes sent and received in each hour from the first to the last hour of its history; hours
 * without traffic inside that span count as zero.
 *
 * @param hours      the start of each hour, ascending
 * @param hourOfDay  the hour of the day of each, 0..23 in the zone
 * @param hourOfWeek the hour of the week of each, 0 (Monday 00:00) .. 167 in the zone
 * @param sent       the bytes sent in each
 * @param received   the bytes received in each
 */
record HostHours(List<Instant> hours, int[] hourOfDay, int[] hourOfWeek, long[] sent, long[] received) {

    /** Buckets the connections' known byte counts (each flow on its own) by hour; none known gives no hours. */
    static HostHours of(List<Connection> connections, ZoneId zone) {
        Map<Instant, long[]> byHour = new HashMap<>();
        for (Connection c : connections) {
            for (Flow flow : Flow.values()) {
                long bytes = flow.bytes(c.traffic());
                if (bytes < 0) {
                    continue;
                }
                for (HourShare s : HourShare.split(c.firstSeen(), c.lastSeen(), bytes, zone)) {
                    byHour.computeIfAbsent(s.hour(), h -> new long[2])[flow.ordinal()] += s.bytes();
                }
            }
        }
        if (byHour.isEmpty()) {
            return new HostHours(List.of(), new int[0], new int[0], new long[0], new long[0]);
        }
        Instant first = byHour.keySet().stream().min(Instant::compareTo).orElseThrow();
        Instant last = byHour.keySet().stream().max(Instant::compareTo).orElseThrow();
        List<Instant> hours = new ArrayList<>();
        for (Instant h = first; !h.isAfter(last); h = HourShare.nextHour(h, zone)) {
            hours.add(h);
        }
        int n = hours.size();
        int[] day = new int[n];
        int[] week = new int[n];
        long[] sent = new long[n];
        long[] received = new long[n];
        for (int i = 0; i < n; i++) {
            ZonedDateTime local = hours.get(i).atZone(zone);
            day[i] = local.getHour();
            week[i] = (local.getDayOfWeek().getValue() - 1) * 24 + local.getHour();
            long[] v = byHour.getOrDefault(hours.get(i), new long[2]);
            sent[i] = v[0];
            received[i] = v[1];
        }
        return new HostHours(List.copyOf(hours), day, week, sent, received);
    }

    /** How many hours the history spans. */
    int size() {
        return hours.size();
    }

    /** The volumes of one flow, one per hour. */
    long[] volumes(Flow flow) {
        return flow == Flow.SENT ? sent : received;
    }
}

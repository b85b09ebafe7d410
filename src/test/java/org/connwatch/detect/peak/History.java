package org.connwatch.detect.peak;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.connwatch.detect.Records;
import org.connwatch.records.AddressClass;
import org.connwatch.records.Connection;
import org.connwatch.records.ConnectionState;
import org.connwatch.records.Direction;
import org.connwatch.records.Endpoint;
import org.connwatch.records.Enrichment;
import org.connwatch.records.ObserverType;
import org.connwatch.records.Traffic;
import org.connwatch.records.Transport;

/** Crafted histories (seeded) for the traffic-peak tests. */
final class History {
    static final long KIB = 1L << 10;
    static final long MIB = 1L << 20;
    static final long GIB = 1L << 30;
    static final String HOST = "10.0.0.8";

    private History() {
    }

    /** One outbound TCP connection from {@code host} by {@code program}, as a conn.log has it. */
    static Connection conn(String host, String remote, AddressClass cls, String program, Instant first,
            Duration length, long sent, long received) {
        int colon = remote.lastIndexOf(':');
        Connection c = new Connection(ObserverType.ZEEK, Transport.TCP, ConnectionState.CLOSE,
                Endpoint.of(host, 40000 + (int) (first.getEpochSecond() % 20000)),
                Endpoint.of(remote.substring(0, colon), Integer.parseInt(remote.substring(colon + 1))),
                Direction.OUTBOUND, Traffic.ofBytes(sent, received), first, first.plus(length), null, null,
                Enrichment.NONE.withRemoteClass(cls));
        return c.withProcess(Records.process(program, "/usr/bin/" + program, false));
    }

    /**
     * {@code days} days from {@code from} (midnight UTC) of an office machine: every hour a small
     * background connection (1–3 MiB sent, 2–6 MiB received); on weekdays from 08:00 to 17:59 three more
     * per hour, together about {@code busySent} sent and {@code busyReceived} received (±20 %).
     */
    static List<Connection> office(String host, Instant from, int days, long seed, long busySent,
            long busyReceived) {
        Random r = new Random(seed);
        List<Connection> out = new ArrayList<>();
        for (int h = 0; h < days * 24; h++) {
            Instant hour = from.plus(Duration.ofHours(h));
            out.add(conn(host, "203.0.113.10:443", AddressClass.PUBLIC, "updater",
                    hour.plusSeconds(r.nextInt(1800)), Duration.ofSeconds(30 + r.nextInt(300)),
                    MIB + r.nextLong(2 * MIB), 2 * MIB + r.nextLong(4 * MIB)));
            ZonedDateTime local = hour.atZone(ZoneOffset.UTC);
            boolean weekday = local.getDayOfWeek() != DayOfWeek.SATURDAY && local.getDayOfWeek() != DayOfWeek.SUNDAY;
            if (weekday && local.getHour() >= 8 && local.getHour() < 18) {
                for (int k = 0; k < 3; k++) {
                    out.add(conn(host, "192.0.2." + (20 + k) + ":443", AddressClass.PUBLIC, "firefox",
                            hour.plusSeconds(r.nextInt(2400)), Duration.ofSeconds(60 + r.nextInt(1000)),
                            around(r, busySent / 3), around(r, busyReceived / 3)));
                }
            }
        }
        return out;
    }

    /** The connections in time order, as a conn.log lists them. */
    static List<Connection> ordered(List<Connection> a, Connection... more) {
        List<Connection> out = new ArrayList<>(a);
        out.addAll(List.of(more));
        out.sort(Comparator.comparing(Connection::firstSeen));
        return out;
    }

    private static long around(Random r, long bytes) {
        return Math.round(bytes * (0.8 + 0.4 * r.nextDouble()));
    }
}

package org.connwatch.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.connwatch.records.Connection;
import org.connwatch.records.ConnectionState;
import org.connwatch.records.Direction;
import org.connwatch.records.Endpoint;
import org.connwatch.records.Enrichment;
import org.connwatch.records.ObserverType;
import org.connwatch.records.ProcessInfo;
import org.connwatch.records.SocketDetails;
import org.connwatch.records.Traffic;
import org.connwatch.records.Transport;
import org.connwatch.store.TrackedConnection;
import org.connwatch.store.TrafficDelta;
import org.junit.jupiter.api.Test;

class ConnectionTrackerTest {
    private static final Instant T0 = Instant.parse("2026-11-20T03:00:00Z");
    private static final ProcessInfo CURL = new ProcessInfo(4242, 1, "curl", "/usr/bin/curl", false, "curl x", 1000,
            "alice", T0.minusSeconds(60), null);

    private final ConnectionTracker tracker = new ConnectionTracker(new IdSequence(41), Duration.ofSeconds(60));

    /** A TCP socket 10.0.0.5:port -> 198.51.100.7:443 with this cookie, state and byte counts, seen at t. */
    private static Connection socket(long cookie, int port, ConnectionState state, long sent, long received,
                                     Instant t, ProcessInfo p) {
        return new Connection(ObserverType.SOCKET, Transport.TCP, state, Endpoint.of("10.0.0.5", port),
                Endpoint.of("198.51.100.7", 443), Direction.OUTBOUND,
                sent < 0 ? Traffic.UNKNOWN : Traffic.ofBytes(sent, received), t, t, p,
                new SocketDetails(p == null ? 0 : 77, 1000, 0, 0, null, cookie), Enrichment.NONE);
    }

    private static Map<ConnectionKey, Connection> snapshot(Connection... cs) {
        Map<ConnectionKey, Connection> m = new LinkedHashMap<>();
        for (Connection c : cs) {
            m.put(ConnectionKey.of(c), c);
        }
        return m;
    }

    private static List<ConnectionTracker.Keyed> events(Connection... cs) {
        return java.util.Arrays.stream(cs).map(c -> new ConnectionTracker.Keyed(ConnectionKey.of(c), c)).toList();
    }

    @Test
    void followsAConnectionFromFirstSightThroughItsBytesToItsClose() {
        PollChanges first = tracker.poll(T0, snapshot(socket(9, 40000, ConnectionState.ESTABLISHED, 100, 2000, T0,
                CURL)), List.of());
        assertThat(first.changed()).singleElement().satisfies(t -> {
            assertThat(t.id()).as("ids continue after the history's last").isEqualTo(42);
            assertThat(t.open()).isTrue();
            assertThat(t.connection().firstSeen()).isEqualTo(T0);
        });
        assertThat(first.traffic()).containsExactly(new TrafficDelta(42, T0, 100, 2000));

        Instant t1 = T0.plusSeconds(1);
        PollChanges second = tracker.poll(t1, snapshot(socket(9, 40000, ConnectionState.ESTABLISHED, 150, 2500, t1,
                CURL)), List.of());
        assertThat(second.traffic()).containsExactly(new TrafficDelta(42, t1, 50, 500));
        assertThat(second.changed()).singleElement().satisfies(t -> {
            assertThat(t.connection().firstSeen()).isEqualTo(T0);
            assertThat(t.connection().lastSeen()).isEqualTo(t1);
        });

        Instant t2 = T0.plusSeconds(2);
        assertThat(tracker.poll(t2, snapshot(socket(9, 40000, ConnectionState.ESTABLISHED, 150, 2500, t2, CURL)),
                List.of()).changed()).as("nothing changed, and the refresh is not due").isEmpty();

        // The kernel announces its end with the final counts; the socket has no process any more.
        Instant closing = T0.plusMillis(2500);
        Instant t3 = T0.plusSeconds(3);
        PollChanges closed = tracker.poll(t3, snapshot(),
                events(socket(9, 40000, ConnectionState.CLOSE, 180, 2600, closing, null)));
        assertThat(closed.traffic()).containsExactly(new TrafficDelta(42, t3, 30, 100));
        assertThat(closed.changed()).singleElement().satisfies(t -> {
            assertThat(t.closedAt()).isEqualTo(closing);
            assertThat(t.connection().traffic()).isEqualTo(Traffic.ofBytes(180, 2600));
            assertThat(t.connection().process()).as("the program seen earlier stays").isEqualTo(CURL);
            assertThat(t.connection().firstSeen()).isEqualTo(T0);
        });
        assertThat(closed.shortLived()).isZero();
        assertThat(tracker.openCount()).isZero();

        // Its TIME_WAIT socket, same cookie, is what is left of it: not a new connection.
        assertThat(tracker.poll(T0.plusSeconds(4), snapshot(socket(9, 40000, ConnectionState.TIME_WAIT, -1, -1,
                closing, null)), List.of()).changed()).isEmpty();
    }

    @Test
    void aConnectionGoneFromTheTableIsClosedAtThatPoll() {
        tracker.poll(T0, snapshot(socket(9, 40000, ConnectionState.ESTABLISHED, 10, 10, T0, CURL)), List.of());
        Instant t1 = T0.plusSeconds(1);
        PollChanges gone = tracker.poll(t1, snapshot(), List.of());
        assertThat(gone.changed()).singleElement().satisfies(t -> {
            assertThat(t.closedAt()).isEqualTo(t1);
            assertThat(t.connection().lastSeen()).as("last seen at the poll before").isEqualTo(T0);
        });
        assertThat(gone.traffic()).isEmpty();
    }

    @Test
    void timeWaitClosesItDatedByTheTimerAndALateCloseEventBringsTheFinalCounts() {
        tracker.poll(T0, snapshot(socket(9, 40000, ConnectionState.ESTABLISHED, 10, 10, T0, CURL)), List.of());
        Instant closedAt = T0.plusMillis(700);
        PollChanges tw = tracker.poll(T0.plusSeconds(1), snapshot(socket(9, 40000, ConnectionState.TIME_WAIT, -1, -1,
                closedAt, null)), List.of());
        assertThat(tw.changed()).singleElement().satisfies(t -> {
            assertThat(t.closedAt()).isEqualTo(closedAt);
            assertThat(t.connection().state()).isEqualTo(ConnectionState.TIME_WAIT);
            assertThat(t.connection().traffic()).as("TIME_WAIT has no tcp_info: the last counts stay")
                    .isEqualTo(Traffic.ofBytes(10, 10));
        });
        PollChanges late = tracker.poll(T0.plusSeconds(2), snapshot(),
                events(socket(9, 40000, ConnectionState.CLOSE, 25, 11, closedAt, null)));
        assertThat(late.traffic()).containsExactly(new TrafficDelta(42, T0.plusSeconds(2), 15, 1));
        assertThat(late.changed()).singleElement().satisfies(t -> assertThat(t.closedAt()).isEqualTo(closedAt));
    }

    @Test
    void aConnectionOnlyItsCloseEventShowedIsRecordedAsShortLived() {
        Instant at = T0.plusMillis(300);
        PollChanges p = tracker.poll(T0.plusSeconds(1), snapshot(),
                events(socket(5, 41000, ConnectionState.CLOSE, 300, 40, at, null)));
        assertThat(p.shortLived()).isEqualTo(1);
        assertThat(p.changed()).singleElement().satisfies(t -> {
            assertThat(t.connection().firstSeen()).isEqualTo(at);
            assertThat(t.closedAt()).isEqualTo(at);
        });
        assertThat(p.traffic()).containsExactly(new TrafficDelta(42, T0.plusSeconds(1), 300, 40));
        assertThat(tracker.shortLived()).isEqualTo(1);
    }

    @Test
    void aReusedPortIsANewConnectionWhenTheCookieDiffers() {
        tracker.poll(T0, snapshot(socket(9, 40000, ConnectionState.ESTABLISHED, 10, 10, T0, CURL)), List.of());
        Instant t1 = T0.plusSeconds(1);
        // Between the polls the first closed and another took the same ends: only the cookie tells.
        PollChanges p = tracker.poll(t1, snapshot(socket(10, 40000, ConnectionState.ESTABLISHED, 5, 5, t1, CURL)),
                List.of());
        assertThat(p.changed()).extracting(TrackedConnection::id).containsExactlyInAnyOrder(42L, 43L);
        assertThat(p.changed()).filteredOn(t -> t.id() == 42).singleElement()
                .satisfies(t -> assertThat(t.closedAt()).isEqualTo(t1));
        assertThat(p.traffic()).containsExactly(new TrafficDelta(43, t1, 5, 5));
    }

    @Test
    void withoutCookiesTheSameEndsAfterAGapAreANewConnection() {
        Connection a = socket(0, 40000, ConnectionState.ESTABLISHED, -1, -1, T0, CURL);
        tracker.poll(T0, snapshot(a), List.of());
        tracker.poll(T0.plusSeconds(1), snapshot(), List.of());
        PollChanges again = tracker.poll(T0.plusSeconds(2), snapshot(socket(0, 40000, ConnectionState.ESTABLISHED,
                -1, -1, T0.plusSeconds(2), CURL)), List.of());
        assertThat(again.changed()).singleElement().satisfies(t -> {
            assertThat(t.id()).isEqualTo(43);
            assertThat(t.open()).isTrue();
        });
    }

    @Test
    void anIdleOpenConnectionIsWrittenAgainOncePerRefresh() {
        tracker.poll(T0, snapshot(socket(9, 40000, ConnectionState.ESTABLISHED, 1, 1, T0, CURL)), List.of());
        int written = 0;
        for (int s = 1; s <= 120; s++) {
            Instant t = T0.plusSeconds(s);
            written += tracker.poll(t, snapshot(socket(9, 40000, ConnectionState.ESTABLISHED, 1, 1, t, CURL)),
                    List.of()).changed().size();
        }
        assertThat(written).isEqualTo(2);
    }

    @Test
    void aStateChangeIsWrittenWithoutBytes() {
        tracker.poll(T0, snapshot(socket(9, 40000, ConnectionState.ESTABLISHED, 1, 1, T0, CURL)), List.of());
        PollChanges p = tracker.poll(T0.plusSeconds(1), snapshot(socket(9, 40000, ConnectionState.CLOSE_WAIT, 1, 1,
                T0.plusSeconds(1), CURL)), List.of());
        assertThat(p.changed()).singleElement()
                .satisfies(t -> assertThat(t.connection().state()).isEqualTo(ConnectionState.CLOSE_WAIT));
        assertThat(p.traffic()).isEmpty();
    }
}

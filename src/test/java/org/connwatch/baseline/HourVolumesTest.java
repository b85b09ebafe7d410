package org.connwatch.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.connwatch.detect.Finding;
import org.connwatch.detect.peak.Flow;
import org.connwatch.detect.peak.LearnedVolumes;
import org.connwatch.detect.peak.TrafficPeakDetector;
import org.connwatch.records.Connection;
import org.connwatch.records.ConnectionState;
import org.connwatch.records.Direction;
import org.connwatch.records.Endpoint;
import org.connwatch.records.Enrichment;
import org.connwatch.records.ObserverType;
import org.connwatch.records.Traffic;
import org.connwatch.records.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Volumes per host and hour of the week: learned from conn.log records, kept in the JSON, used for peaks. */
class HourVolumesTest {
    private static final String HOST = "10.0.0.8";
    private static final LocalDate WEEK1 = LocalDate.parse("2026-11-09");
    private static final LocalDate WEEK2 = LocalDate.parse("2026-11-16");
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;

    private static Connection zeek(String host, Instant first, Duration length, long sent, long received) {
        return new Connection(ObserverType.ZEEK, Transport.TCP, ConnectionState.CLOSE, Endpoint.of(host, 40000),
                Endpoint.of("198.51.100.50", 443), Direction.OUTBOUND, Traffic.ofBytes(sent, received), first,
                first.plus(length), null, null, Enrichment.NONE);
    }

    /** Two weeks (Monday 2026-11-09 03:00 to Sunday 2026-11-22 23:00) of crafted conn.log records of 10.0.0.8. */
    private static List<Connection> twoWeeks() {
        return List.of(
                zeek(HOST, Instant.parse("2026-11-09T03:30:00Z"), Duration.ofHours(1), 1000, 2000),
                zeek(HOST, Instant.parse("2026-11-09T03:10:00Z"), Duration.ofMinutes(10), 100, 10),
                zeek(HOST, Instant.parse("2026-11-16T03:00:00Z"), Duration.ofMinutes(20), 3000, 0),
                zeek(HOST, Instant.parse("2026-11-16T04:00:00Z"), Duration.ofHours(1), 50, 60),
                zeek(HOST, Instant.parse("2026-11-22T23:30:00Z"), Duration.ZERO, 7, 8));
    }

    private static Baseline learned() {
        List<Connection> all = new ArrayList<>(twoWeeks());
        // A socket snapshot's counters are cumulative since the socket opened: no volume is learned from it.
        all.add(new Connection(ObserverType.SOCKET, Transport.TCP, ConnectionState.ESTABLISHED,
                Endpoint.of("10.0.0.5", 40000), Endpoint.of("203.0.113.9", 443), Direction.OUTBOUND,
                Traffic.ofBytes(5 * GIB, 5 * GIB), Instant.parse("2026-11-16T03:00:00Z"),
                Instant.parse("2026-11-16T03:00:00Z"), null, null, Enrichment.NONE));
        return new BaselineBuilder().learn(all).build();
    }

    @Test
    void theBuilderRecordsEachHostsBytesPerHourOfTheWeekSplitOverTheHoursEachConnectionSpans() throws IOException {
        Baseline b = learned();
        assertThat(b.volumes()).containsOnlyKeys(HOST);
        assertThat(b.volumes("10.0.0.5")).isEmpty();
        HourVolumes v = b.volumes(InetAddress.getByName(HOST)).orElseThrow();
        assertThat(v.weeks()).containsOnlyKeys(WEEK1, WEEK2);
        // Monday 03:00 of week 1: half of the hour-long connection plus all of the short one.
        assertThat(v.volume(WEEK1, 3, Flow.SENT)).isEqualTo(500 + 100);
        assertThat(v.volume(WEEK1, 3, Flow.RECEIVED)).isEqualTo(1000 + 10);
        assertThat(v.volume(WEEK1, 4, Flow.SENT)).isEqualTo(500);
        assertThat(v.volume(WEEK1, 4, Flow.RECEIVED)).isEqualTo(1000);
        // Before the host's first record nothing was observed; after it, quiet hours are zero.
        assertThat(v.volume(WEEK1, 2, Flow.SENT)).isEqualTo(HourVolumes.UNKNOWN);
        assertThat(v.volume(WEEK1, 5, Flow.SENT)).isZero();
        assertThat(v.volume(WEEK1, 167, Flow.RECEIVED)).isZero();
        assertThat(v.volume(WEEK2, 3, Flow.SENT)).isEqualTo(3000);
        // A connection from 04:00 to 05:00 exactly lies in the 04:00 hour alone.
        assertThat(v.volume(WEEK2, 4, Flow.SENT)).isEqualTo(50);
        assertThat(v.volume(WEEK2, 5, Flow.SENT)).isZero();
        assertThat(v.volume(WEEK2, 167, Flow.SENT)).isEqualTo(7);
        assertThat(v.volume(WEEK2, 167, Flow.RECEIVED)).isEqualTo(8);
        // Every byte is in exactly one bucket.
        long sent = 0;
        for (long[][] w : v.weeks().values()) {
            for (long x : w[Flow.SENT.ordinal()]) {
                sent += Math.max(0, x);
            }
        }
        assertThat(sent).isEqualTo(1000 + 100 + 3000 + 50 + 7);
        assertThat(v.weekly(3, Flow.SENT)).containsExactly(600, 3000);
        assertThat(v.weekly(2, Flow.SENT)).containsExactly(0);
        assertThat(v.usual(3, Flow.SENT)).contains(new LearnedVolumes.Usual(1800, 1200, 2));
        assertThat(b.learnedVolumes().usual(HOST, 3, Flow.SENT)).contains(new LearnedVolumes.Usual(1800, 1200, 2));
        assertThat(b.learnedVolumes().usual("10.0.0.5", 3, Flow.SENT)).isEmpty();
        assertThat(Baseline.EMPTY.learnedVolumes()).isSameAs(LearnedVolumes.NONE);
    }

    @Test
    void learningOnFromASavedBaselineAddsToItsWeeksAndKeepsTheLatestTwelve() {
        Baseline first = new BaselineBuilder().learn(twoWeeks().subList(0, 2)).build();
        Baseline more = BaselineBuilder.from(first, BaselineLimits.defaults()).learn(twoWeeks().subList(2, 5)).build();
        assertThat(more.volumes(HOST)).isEqualTo(learned().volumes(HOST).map(v -> {
            // the first session observed week 1 from 03:00 to 04:00 only, the second week 2 from 03:00 on
            var weeks = v.weeks();
            long[][] w1 = weeks.get(WEEK1);
            long[][] w2 = weeks.get(WEEK2);
            for (int h = 0; h < HourVolumes.HOURS; h++) {
                for (int f = 0; f < 2; f++) {
                    if (h >= 5) {
                        w1[f][h] = HourVolumes.UNKNOWN;
                    }
                    if (h < 3) {
                        w2[f][h] = HourVolumes.UNKNOWN;
                    }
                }
            }
            return new HourVolumes(weeks);
        }));
        BaselineBuilder b = new BaselineBuilder();
        for (int w = 0; w < 20; w++) {
            b.learn(zeek(HOST, Instant.parse("2026-07-06T03:00:00Z").plus(Duration.ofDays(7L * w)), Duration.ZERO,
                    w, w));
        }
        HourVolumes v = b.build().volumes(HOST).orElseThrow();
        assertThat(v.weeks()).hasSize(HourVolumes.MAX_WEEKS);
        assertThat(v.weekly(3, Flow.SENT)).containsExactly(8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19);
    }

    @Test
    void theJsonRoundTripsWithAndWithoutVolumes(@TempDir Path dir) throws IOException {
        BaselineStore store = new BaselineStore(dir);
        Baseline with = learned();
        store.save(with);
        assertThat(store.load()).contains(with);
        JsonNode doc = new ObjectMapper().readTree(store.file().toFile());
        assertThat(doc.get("version").asInt()).isEqualTo(1);
        JsonNode host = doc.get("volumes").get(0);
        assertThat(host.get("host").asText()).isEqualTo(HOST);
        JsonNode week = host.get("weeks").get(0);
        assertThat(week.get("week").asText()).isEqualTo("2026-11-09");
        assertThat(week.get("sent")).hasSize(168);
        assertThat(week.get("sent").get(3).asLong()).isEqualTo(600);
        assertThat(week.get("sent").get(2).isNull()).isTrue();

        Baseline without = Conns.curlBaseline();
        assertThat(without.volumes()).isEmpty();
        store.save(without);
        assertThat(store.load()).contains(without);
        assertThat(new ObjectMapper().readTree(store.file().toFile()).has("volumes")).isFalse();
    }

    @Test
    void anOlderFileWithoutVolumesLoadsAndBadVolumesAreRefused(@TempDir Path dir) throws IOException {
        BaselineStore store = new BaselineStore(dir);
        Files.createDirectories(store.file().getParent());
        Files.writeString(store.file(), """
                {"version": 1, "started": "2026-11-20T09:00:00Z", "ended": "2026-11-21T09:00:00Z", "records": 2,
                 "dropped": {"actors": 0, "executables": 0},
                 "actors": [{"program": null, "host": "10.0.0.5", "records": 2, "destinations": [], "listeners": []}],
                 "executables": []}
                """, StandardCharsets.UTF_8);
        Baseline old = store.load().orElseThrow();
        assertThat(old.records()).isEqualTo(2);
        assertThat(old.volumes()).isEmpty();
        assertThat(old.learnedVolumes()).isSameAs(LearnedVolumes.NONE);

        Files.writeString(store.file(), """
                {"version": 1, "records": 0, "volumes": [{"host": "10.0.0.8", "weeks": [{"week": "2026-11-16",
                 "sent": [1, 2, 3], "received": []}]}]}
                """, StandardCharsets.UTF_8);
        assertThatThrownBy(store::load).isInstanceOf(IOException.class).hasMessageContaining("168");
    }

    @Test
    void theTrafficPeakDetectorJudgesAShortHistoryByTheLearnedVolumes() {
        // Learned: three quiet weeks at Thursday 03:00 (1 MiB an hour) and busy ones at 10:00 (1.5 GiB an hour).
        BaselineBuilder learn = new BaselineBuilder();
        for (int w = 0; w < 3; w++) {
            Instant thursday = Instant.parse("2026-10-29T00:00:00Z").plus(Duration.ofDays(7L * w));
            for (int h = 0; h < 24; h++) {
                long sent = h >= 8 && h < 18 ? 3 * GIB / 2 : MIB;
                learn.learn(zeek(HOST, thursday.plus(Duration.ofHours(h)), Duration.ofMinutes(30), sent, MIB));
            }
        }
        TrafficPeakDetector detector = TrafficPeakDetector.learned(learn.build().learnedVolumes());
        Instant night = Instant.parse("2026-11-19T03:05:00Z");
        Instant tenAm = Instant.parse("2026-11-19T10:05:00Z");
        List<Finding> fs = detector.detect(List.of(zeek(HOST, night, Duration.ofMinutes(45), 2 * GIB, MIB)));
        assertThat(fs).singleElement().satisfies(f -> assertThat(f.reason()).startsWith(
                "10.0.0.8 sent 2.0 GiB between 03:00 and 04:00 UTC on 2026-11-19, 2048 times its learned usual "
                        + "1.0 MiB for that hour of the week (median of 3 weeks learned)"));
        assertThat(detector.detect(List.of(zeek(HOST, tenAm, Duration.ofMinutes(45), 2 * GIB, MIB)))).isEmpty();
        assertThat(TrafficPeakDetector.defaults().detect(List.of(zeek(HOST, night, Duration.ofMinutes(45), 2 * GIB,
                MIB)))).isEmpty();
        assertThat(Optional.of(detector.learned())).isPresent();
    }
}

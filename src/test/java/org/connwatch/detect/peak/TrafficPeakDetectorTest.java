package org.connwatch.detect.peak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.connwatch.detect.peak.History.GIB;
import static org.connwatch.detect.peak.History.HOST;
import static org.connwatch.detect.peak.History.KIB;
import static org.connwatch.detect.peak.History.MIB;
import static org.connwatch.detect.peak.History.conn;
import static org.connwatch.detect.peak.History.office;
import static org.connwatch.detect.peak.History.ordered;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.connwatch.detect.Finding;
import org.connwatch.detect.Phrases;
import org.connwatch.detect.Severity;
import org.connwatch.records.AddressClass;
import org.connwatch.records.Connection;
import org.connwatch.records.Traffic;
import org.junit.jupiter.api.Test;

/** Peaks against what is normal for the host at that hour, and the near-misses that are not peaks. */
class TrafficPeakDetectorTest {
    /** A Saturday: 14 days run to Friday 2026-11-20. */
    private static final Instant FROM = Instant.parse("2026-11-07T00:00:00Z");
    private static final Instant NIGHT = Instant.parse("2026-11-20T03:05:00Z");
    private static final TrafficPeakDetector DETECTOR = TrafficPeakDetector.defaults();

    private static List<Connection> lightOffice() {
        return office(HOST, FROM, 14, 1, 30 * MIB, 200 * MIB);
    }

    private static Connection upload(Instant at, Duration length, long bytes) {
        return conn(HOST, "198.51.100.50:443", AddressClass.PUBLIC, "rclone", at, length, bytes, 20 * MIB);
    }

    /** The median of the bytes sent in the hour starting {@code hour} on each of the days but the last. */
    private static long usualSentAt(List<Connection> history, int hour) {
        long[] days = new long[13];
        for (Connection c : history) {
            long offset = Duration.between(FROM, c.firstSeen()).toHours();
            if (offset % 24 == hour && offset / 24 < 13) {
                days[(int) (offset / 24)] += c.traffic().bytesSent();
            }
        }
        Arrays.sort(days);
        return days[6];
    }

    /** The bytes sent by the connections that start in hour {@code offset} after {@link #FROM}. */
    private static long sentInHour(List<Connection> history, long offset) {
        return history.stream().filter(c -> Duration.between(FROM, c.firstSeen()).toHours() == offset)
                .mapToLong(c -> c.traffic().bytesSent()).sum();
    }

    @Test
    void aThreeAmUploadIsOneHighFindingNamingTheHourTheVolumeTheUsualAndTheProgram() {
        List<Connection> normal = lightOffice();
        Connection up = upload(NIGHT, Duration.ofMinutes(45), 2 * GIB);
        List<Finding> fs = DETECTOR.detect(ordered(normal, up));

        assertThat(fs).hasSize(1);
        Finding f = fs.get(0);
        assertThat(f.detector()).isEqualTo("traffic-peak");
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
        assertThat(f.connections()).containsExactly(up);
        assertThat(f.at()).isEqualTo(up.lastSeen());
        long usual = usualSentAt(normal, 3);
        long volume = 2 * GIB + sentInHour(normal, 13 * 24 + 3);
        assertThat(usual).isBetween(MIB, 3 * MIB);
        assertThat(f.reason()).isEqualTo("10.0.0.8 sent " + Phrases.bytes(volume) + " between 03:00 and 04:00 UTC on "
                + "2026-11-20, " + Math.round(volume / (double) usual) + " times its usual " + Phrases.bytes(usual)
                + " for that hour of the day (median of 13 other days); most of it (99 %) to 198.51.100.50:443 over "
                + "tcp by rclone (pid 4242)");
        assertThat(f.reason()).startsWith("10.0.0.8 sent 2.0 GiB between 03:00 and 04:00 UTC on 2026-11-20, ");
        assertThat(f.score()).isBetween(60.0, 100.0);
    }

    @Test
    void anOrdinaryHistoryRaisesNothing() {
        assertThat(DETECTOR.detect(lightOffice())).isEmpty();
        assertThat(DETECTOR.detect(office(HOST, FROM, 14, 2, 300 * MIB, 600 * MIB))).isEmpty();
    }

    @Test
    void theSameVolumeAtTheHostsUsualBusyHourIsNotAPeak() {
        List<Connection> busy = office(HOST, FROM, 14, 3, 300 * MIB, 600 * MIB);
        Instant tenAm = Instant.parse("2026-11-20T10:05:00Z");
        assertThat(DETECTOR.detect(ordered(busy, upload(tenAm, Duration.ofMinutes(45), 2 * GIB)))).isEmpty();
        // The same upload at night, against the same history, is one.
        assertThat(DETECTOR.detect(ordered(busy, upload(NIGHT, Duration.ofMinutes(45), 2 * GIB)))).hasSize(1);
    }

    @Test
    void aSmallHostsPeakUnderTheMinimumIsNotFlagged() {
        Random r = new Random(4);
        List<Connection> printer = new ArrayList<>();
        for (int h = 0; h < 14 * 24; h++) {
            printer.add(conn("10.0.0.9", "203.0.113.30:443", AddressClass.PUBLIC, "cupsd",
                    FROM.plus(Duration.ofHours(h)).plusSeconds(r.nextInt(3000)), Duration.ofSeconds(5),
                    50 * KIB + r.nextLong(100 * KIB), 10 * KIB));
        }
        Connection forty = conn("10.0.0.9", "198.51.100.60:443", AddressClass.PUBLIC, "cupsd", NIGHT,
                Duration.ofMinutes(5), 40 * MIB, 100 * KIB);
        assertThat(DETECTOR.detect(ordered(printer, forty))).as("40 MiB, hundreds of times its usual").isEmpty();

        Connection sixty = conn("10.0.0.9", "198.51.100.60:443", AddressClass.PUBLIC, "cupsd", NIGHT,
                Duration.ofMinutes(5), 60 * MIB, 100 * KIB);
        assertThat(DETECTOR.detect(ordered(printer, sixty))).singleElement()
                .satisfies(f -> assertThat(f.reason()).startsWith("10.0.0.9 sent 60.1 MiB between 03:00 and 04:00"));
    }

    @Test
    void tooLittleHistoryIsNotJudged() {
        Instant noon = Instant.parse("2026-11-19T12:00:00Z");
        Instant end = Instant.parse("2026-11-20T04:00:00Z");
        List<Connection> sixteenHours = office(HOST, Instant.parse("2026-11-19T00:00:00Z"), 2, 5, 30 * MIB,
                200 * MIB).stream().filter(c -> !c.firstSeen().isBefore(noon) && c.firstSeen().isBefore(end)).toList();
        assertThat(DETECTOR.detect(ordered(sixteenHours, upload(NIGHT, Duration.ofMinutes(45), 2 * GIB)))).isEmpty();
    }

    @Test
    void withAFewDaysOfHistoryTheHostsBusyHoursAreTheBaseline() {
        Instant end = Instant.parse("2026-11-20T04:00:00Z");
        List<Connection> twoDays = office(HOST, Instant.parse("2026-11-18T00:00:00Z"), 3, 6, 30 * MIB, 200 * MIB)
                .stream().filter(c -> c.firstSeen().isBefore(end)).toList();
        List<Finding> fs = DETECTOR.detect(ordered(twoDays, upload(NIGHT, Duration.ofMinutes(45), 2 * GIB)));
        assertThat(fs).singleElement().satisfies(f -> assertThat(f.reason())
                .containsPattern("2\\.0 GiB between 03:00 and 04:00 UTC on 2026-11-20, \\d\\d times its usual "
                        + "3\\d\\.\\d MiB in a busy hour \\(90th percentile of its 51 other hours\\); most of it"));
        // A heavy sender's busy hours are more than a tenth of the same upload: not a peak yet.
        List<Connection> heavy = office(HOST, Instant.parse("2026-11-18T00:00:00Z"), 3, 6, 300 * MIB, 600 * MIB)
                .stream().filter(c -> c.firstSeen().isBefore(end)).toList();
        assertThat(DETECTOR.detect(ordered(heavy, upload(NIGHT, Duration.ofMinutes(45), 2 * GIB)))).isEmpty();
    }

    @Test
    void withWeeksOfHistoryTheSameHourOfTheWeekIsTheBaseline() {
        List<Connection> weeks = office(HOST, Instant.parse("2026-09-25T00:00:00Z"), 57, 7, 30 * MIB, 200 * MIB);
        List<Finding> fs = DETECTOR.detect(ordered(weeks, upload(NIGHT, Duration.ofMinutes(45), 2 * GIB)));
        assertThat(fs).singleElement().satisfies(f -> assertThat(f.reason())
                .contains("for that hour of the week (median of 8 other weeks)"));
    }

    @Test
    void aDailyBackupAtTwoIsNormalForThatHour() {
        Random r = new Random(8);
        List<Connection> history = new ArrayList<>(lightOffice());
        for (int d = 0; d < 14; d++) {
            history.add(conn(HOST, "10.0.0.20:873", AddressClass.PRIVATE, "rsync",
                    FROM.plus(Duration.ofDays(d)).plus(Duration.ofMinutes(130)), Duration.ofMinutes(40),
                    Math.round(3 * GIB * (0.9 + 0.2 * r.nextDouble())), 10 * MIB));
        }
        assertThat(DETECTOR.detect(ordered(history))).isEmpty();
    }

    @Test
    void aReceivedOnlyPeakIsMedium() {
        Connection download = conn(HOST, "203.0.113.77:443", AddressClass.PUBLIC, "curl",
                NIGHT.plusSeconds(300), Duration.ofMinutes(20), 5 * MIB, 3 * GIB);
        List<Finding> fs = DETECTOR.detect(ordered(lightOffice(), download));
        assertThat(fs).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(f.reason()).startsWith("10.0.0.8 received 3.0 GiB between 03:00 and 04:00 UTC on 2026-11-20, ")
                    .contains("for that hour of the day (median of 13 other days); most of it (99 %) from "
                            + "203.0.113.77:443 over tcp by curl (pid 4242)");
            assertThat(f.score()).isLessThan(60);
        });
    }

    @Test
    void anUploadAcrossTwoHoursIsSplitAndTheHoursMergedIntoOneFinding() {
        List<Connection> normal = lightOffice();
        Instant half = Instant.parse("2026-11-20T02:30:00Z");
        Connection up = upload(half, Duration.ofMinutes(90), 3 * GIB);
        List<Connection> history = ordered(normal, up);

        HostHours hours = HostHours.of(history, PeakSettings.defaults().zone());
        int two = hours.hours().indexOf(Instant.parse("2026-11-20T02:00:00Z"));
        long backgroundAtTwo = sentInHour(normal, 13 * 24 + 2);
        long backgroundAtThree = sentInHour(normal, 13 * 24 + 3);
        assertThat(hours.sent()[two]).isEqualTo(GIB + backgroundAtTwo);
        assertThat(hours.sent()[two + 1]).isEqualTo(2 * GIB + backgroundAtThree);

        List<Finding> fs = DETECTOR.detect(history);
        assertThat(fs).singleElement().satisfies(f -> {
            assertThat(f.reason())
                    .startsWith("10.0.0.8 sent " + Phrases.bytes(3 * GIB + backgroundAtTwo + backgroundAtThree)
                            + " between 02:00 and 04:00 UTC on 2026-11-20, ")
                    .contains("for those hours of the day (median of 13 other days); most of it (99 %) to "
                            + "198.51.100.50:443 over tcp by rclone (pid 4242)");
            assertThat(f.connections()).containsExactly(up);
        });
    }

    @Test
    void theZoneSetsTheHoursInTheReason() {
        TrafficPeakDetector berlin =
                new TrafficPeakDetector(PeakSettings.defaults().withZone(ZoneId.of("Europe/Berlin")));
        List<Finding> fs = berlin.detect(ordered(lightOffice(), upload(NIGHT, Duration.ofMinutes(45), 2 * GIB)));
        assertThat(fs).singleElement().satisfies(f -> assertThat(f.reason())
                .contains(" between 04:00 and 05:00 Europe/Berlin on 2026-11-20, "));
    }

    @Test
    void repeatedSnapshotsOfOneConnectionCountOnceAndUnknownBytesAreSkipped() {
        Connection up = upload(NIGHT, Duration.ofMinutes(45), 2 * GIB);
        Connection earlier = new Connection(up.observer(), up.transport(), up.state(), up.local(), up.remote(),
                up.direction(), Traffic.ofBytes(GIB, 10 * MIB), up.firstSeen(), up.firstSeen().plusSeconds(1200),
                up.process(), up.socket(), up.enrichment());
        Connection unknown = new Connection(up.observer(), up.transport(), up.state(), up.local(), up.remote(),
                up.direction(), Traffic.UNKNOWN, NIGHT.plusSeconds(60), NIGHT.plusSeconds(600), up.process(),
                up.socket(), up.enrichment());
        List<Finding> once = DETECTOR.detect(ordered(lightOffice(), up));
        List<Finding> twice = DETECTOR.detect(ordered(lightOffice(), earlier, up, unknown));
        assertThat(twice).hasSize(1);
        assertThat(twice.get(0).reason()).isEqualTo(once.get(0).reason());
    }

    @Test
    void settingsAreChecked() {
        PeakSettings d = PeakSettings.defaults();
        assertThat(d.factor()).isEqualTo(10);
        assertThat(d.minBytesPerHour()).isEqualTo(50 * MIB);
        assertThatThrownBy(() -> d.withMinBytesPerHour(0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

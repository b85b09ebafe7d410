package org.connwatch.detect.peak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.connwatch.detect.peak.History.GIB;
import static org.connwatch.detect.peak.History.MIB;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A connection's bytes are spread over the hours it spans, in proportion to the time in each. */
class HourShareTest {
    private static Instant at(String time) {
        return Instant.parse("2026-11-20T" + time + "Z");
    }

    @Test
    void aConnectionAcrossTwoHoursIsSplitByTheTimeInEach() {
        assertThat(HourShare.split(at("02:45:00"), at("03:15:00"), GIB, ZoneOffset.UTC)).containsExactly(
                new HourShare(at("02:00:00"), 512 * MIB), new HourShare(at("03:00:00"), 512 * MIB));
    }

    @Test
    void anHourAndAHalfOverThreeHours() {
        // 20 min, 60 min and 10 min of 90: 2/9, 6/9 and 1/9 of 900 MiB.
        assertThat(HourShare.split(at("02:40:00"), at("04:10:00"), 900 * MIB, ZoneOffset.UTC)).containsExactly(
                new HourShare(at("02:00:00"), 200 * MIB), new HourShare(at("03:00:00"), 600 * MIB),
                new HourShare(at("04:00:00"), 100 * MIB));
    }

    @Test
    void sharesAddUpExactlyWhateverTheRounding() {
        List<HourShare> shares = HourShare.split(at("01:59:59.999"), at("05:00:00.001"), 1_000_003, ZoneOffset.UTC);
        assertThat(shares).extracting(HourShare::hour).containsExactly(at("01:00:00"), at("02:00:00"),
                at("03:00:00"), at("04:00:00"), at("05:00:00"));
        assertThat(shares.stream().mapToLong(HourShare::bytes).sum()).isEqualTo(1_000_003);
        assertThat(shares.get(1).bytes()).isEqualTo(333_334); // one third, rounded
    }

    @Test
    void aConnectionOfNoDurationOrEndingOnTheHourStaysInItsHour() {
        assertThat(HourShare.split(at("03:00:00"), at("03:00:00"), 7, ZoneOffset.UTC))
                .containsExactly(new HourShare(at("03:00:00"), 7));
        assertThat(HourShare.split(at("02:00:00"), at("03:00:00"), 7, ZoneOffset.UTC))
                .containsExactly(new HourShare(at("02:00:00"), 7));
    }

    @Test
    void aWindowGetsWhatItsHoursGet() {
        assertThat(HourShare.movedWithin(at("02:40:00"), at("04:10:00"), 900 * MIB, at("03:00:00"), at("05:00:00")))
                .isEqualTo(700 * MIB);
        assertThat(HourShare.movedWithin(at("03:00:00"), at("03:00:00"), 7, at("03:00:00"), at("04:00:00")))
                .isEqualTo(7);
        assertThat(HourShare.movedWithin(at("03:00:00"), at("03:00:00"), 7, at("02:00:00"), at("03:00:00")))
                .isZero();
    }

    @Test
    void hoursFollowTheZone() {
        ZoneId kolkata = ZoneId.of("Asia/Kolkata"); // UTC+05:30: local hours start at half past UTC hours
        assertThat(HourShare.hourOf(at("03:10:00"), kolkata)).isEqualTo(at("02:30:00"));
        assertThat(HourShare.split(at("02:00:00"), at("03:00:00"), 100, kolkata)).containsExactly(
                new HourShare(at("01:30:00"), 50), new HourShare(at("02:30:00"), 50));
    }
}

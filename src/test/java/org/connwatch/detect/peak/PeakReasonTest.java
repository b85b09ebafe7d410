package org.connwatch.detect.peak;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The time window of a reason, in the zone, across midnight too. */
class PeakReasonTest {
    private static Instant at(String text) {
        return Instant.parse(text);
    }

    @Test
    void windowsWithinADay() {
        assertThat(PeakReason.window(at("2026-11-20T03:00:00Z"), at("2026-11-20T04:00:00Z"), ZoneOffset.UTC))
                .isEqualTo("between 03:00 and 04:00 UTC on 2026-11-20");
        assertThat(PeakReason.window(at("2026-11-20T23:00:00Z"), at("2026-11-21T00:00:00Z"), ZoneId.of("UTC")))
                .isEqualTo("between 23:00 and 24:00 UTC on 2026-11-20");
    }

    @Test
    void windowsAcrossMidnightNameBothDays() {
        assertThat(PeakReason.window(at("2026-11-20T23:00:00Z"), at("2026-11-21T01:00:00Z"), ZoneOffset.UTC))
                .isEqualTo("between 23:00 UTC on 2026-11-20 and 01:00 UTC on 2026-11-21");
    }

    @Test
    void windowsInAZone() {
        assertThat(PeakReason.window(at("2026-11-20T03:00:00Z"), at("2026-11-20T04:00:00Z"),
                ZoneId.of("Europe/Berlin"))).isEqualTo("between 04:00 and 05:00 Europe/Berlin on 2026-11-20");
    }
}

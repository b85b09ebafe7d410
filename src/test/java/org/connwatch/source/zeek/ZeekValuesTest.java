package org.connwatch.source.zeek;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Zeek's value types read from text, and the escapes of its ASCII writer. */
class ZeekValuesTest {

    @Test
    void times() throws MalformedFieldException {
        assertThat(ZeekValues.time("1710028800.123456", ConnColumn.TS))
                .isEqualTo(Instant.parse("2024-03-10T00:00:00.123456Z"));
        assertThat(ZeekValues.time("1710028800", ConnColumn.TS)).isEqualTo(Instant.parse("2024-03-10T00:00:00Z"));
        assertThat(ZeekValues.time("1710028800.1234567891234", ConnColumn.TS))
                .isEqualTo(Instant.parse("2024-03-10T00:00:00.123456789Z"));
        assertThat(ZeekValues.time("1.7100288001E9", ConnColumn.TS))
                .isEqualTo(Instant.parse("2024-03-10T00:00:00.1Z"));
        assertThat(ZeekValues.time("2024-03-10T01:00:00+01:00", ConnColumn.TS))
                .isEqualTo(Instant.parse("2024-03-10T00:00:00Z"));
        assertThat(ZeekValues.time("0", ConnColumn.TS)).isEqualTo(Instant.EPOCH);
        assertThat(ZeekValues.time("253402300799.999999999", ConnColumn.TS))
                .isEqualTo(Instant.parse("9999-12-31T23:59:59.999999999Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "NaN", "nan", "Infinity", "-inf", "-1", "-0.5", "1.", ".5", "1..2", "0x10", "1,5",
            "253402300800", "1e31", "1e-999999999", "1e", "e5", "1.2.3e4", "+1", " 1", "1 ", "\u0661",
            "2024-13-10T00:00:00Z", "0000-01-01T00:00:00Z", "1969-12-31T23:59:59Z",
            "999999999999999999999999999999"})
    void badTimes(String text) {
        assertThatThrownBy(() -> ZeekValues.time(text, ConnColumn.TS)).isInstanceOf(MalformedFieldException.class)
                .hasMessageStartingWith("ts '");
    }

    @Test
    void intervals() throws MalformedFieldException {
        assertThat(ZeekValues.interval("0.000123", ConnColumn.DURATION)).isEqualTo(Duration.ofNanos(123_000));
        assertThat(ZeekValues.interval("3600", ConnColumn.DURATION)).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> ZeekValues.interval("-0.1", ConnColumn.DURATION))
                .hasMessage("duration '-0.1' is negative");
    }

    @Test
    void countsPortsAndBools() throws MalformedFieldException {
        assertThat(ZeekValues.count("9223372036854775807", ConnColumn.ORIG_BYTES)).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> ZeekValues.count("9223372036854775808", ConnColumn.ORIG_BYTES))
                .hasMessage("orig_bytes '9223372036854775808' is out of range");
        assertThatThrownBy(() -> ZeekValues.count("-1", ConnColumn.ORIG_BYTES)).hasMessageContaining("not a count");
        assertThatThrownBy(() -> ZeekValues.count("1.0", ConnColumn.ORIG_BYTES)).hasMessageContaining("not a count");
        assertThat(ZeekValues.port("65535", ConnColumn.RESP_P)).isEqualTo(65535);
        assertThat(ZeekValues.port("0", ConnColumn.RESP_P)).isZero();
        assertThatThrownBy(() -> ZeekValues.port("65536", ConnColumn.RESP_P)).hasMessageContaining("out of range");
        assertThatThrownBy(() -> ZeekValues.port("443/tcp", ConnColumn.RESP_P)).hasMessageContaining("not a port");
        assertThat(ZeekValues.bool("T", ConnColumn.LOCAL_ORIG)).isTrue();
        assertThat(ZeekValues.bool("false", ConnColumn.LOCAL_ORIG)).isFalse();
        assertThatThrownBy(() -> ZeekValues.bool("t", ConnColumn.LOCAL_ORIG)).hasMessageContaining("not T or F");
    }

    @Test
    void messagesQuoteValuesEscapedAndCut() {
        assertThatThrownBy(() -> ZeekValues.port("\u001b[2J" + "9".repeat(100), ConnColumn.ORIG_P))
                .hasMessage("id.orig_p '\\x1b[2J" + "9".repeat(33) + "...' is not a port");
    }

    @Test
    void escapes() {
        assertThat(ZeekEscapes.unescape("a\\x09b\\x2d\\x5c")).isEqualTo("a\tb-\\");
        assertThat(ZeekEscapes.unescape("plain")).isEqualTo("plain");
        assertThat(ZeekEscapes.unescape("\\x4")).isEqualTo("\\x4");
        assertThat(ZeekEscapes.unescape("\\xZZ\\\\x41")).isEqualTo("\\xZZ\\A");
        assertThat(ZeekEscapes.unescape("end\\")).isEqualTo("end\\");
    }
}

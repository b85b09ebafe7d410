package org.connwatch.present;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Binary units, one decimal below 100 and none from 100 up. Each expected value is worked out by
 * hand in the comment beside it; where they overlap, GNU {@code numfmt --to=iec-i} agrees.
 */
class HumanBytesTest {

    @ParameterizedTest(name = "{0} bytes is ''{1}''")
    @CsvSource({
            "-1, -",                        // unknown
            "0, 0 B",
            "1, 1 B",
            "1023, 1023 B",                 // still bytes
            "1024, 1.0 KiB",                // 1024 / 1024 = 1
            "1536, 1.5 KiB",                // 1536 / 1024 = 1.5
            "1075, 1.0 KiB",                // 1.0498 rounds down
            "1076, 1.1 KiB",                // 1.0508 rounds up
            "10240, 10.0 KiB",
            "101887, 99.5 KiB",             // 99.4990 rounds to 99.5
            "102400, 100 KiB",              // 100 exactly: no decimal from 100 up
            "102399, 100 KiB",              // 99.9990 rounds to 100, written without a decimal
            "250000, 244 KiB",              // 244.14
            "1048063, 1023 KiB",            // 1023.4990 rounds down
            "1048064, 1.0 MiB",             // 1023.5 KiB would round to 1024 KiB
            "1048575, 1.0 MiB",             // 1023.9990 KiB would round to 1024 KiB: that is 1.0 MiB
            "1048576, 1.0 MiB",
            "3355443, 3.2 MiB",             // 3.1999998
            "1181116006, 1.1 GiB",          // 1.0999999996
            "5368709120, 5.0 GiB",          // 5 * 1024^3
            "1099511627776, 1.0 TiB",       // 1024^4
            "1125899906842624, 1.0 PiB",    // 1024^5
            "1152921504606846976, 1.0 EiB", // 1024^6
            "9223372036854775807, 8.0 EiB"  // 2^63 - 1 = 7.99999... EiB
    })
    void formats(long bytes, String expected) {
        assertThat(HumanBytes.format(bytes)).isEqualTo(expected);
    }
}

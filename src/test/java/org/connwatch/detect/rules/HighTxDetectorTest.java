package org.connwatch.detect.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.connwatch.detect.Records.outbound;
import static org.connwatch.detect.Records.withBytes;

import org.connwatch.detect.Finding;
import org.connwatch.detect.Records;
import org.connwatch.detect.Severity;
import org.connwatch.records.AddressClass;
import org.connwatch.records.Direction;
import org.connwatch.records.Transport;
import org.junit.jupiter.api.Test;

class HighTxDetectorTest {
    private final HighTxDetector detector = HighTxDetector.defaults();
    private static final long MIB = 1 << 20;

    @Test
    void aLopsidedUploadToAPublicAddressIsHigh() {
        Finding f = detector.inspect(withBytes(outbound(Transport.TCP, "203.0.113.9:443", AddressClass.PUBLIC,
                "rclone"), 50 * MIB, 12_000)).orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
        assertThat(f.reason()).isEqualTo("rclone (pid 4242) sent 50.0 MiB to 203.0.113.9:443 over tcp (a public "
                + "address) and received 11.7 KiB: far more out than in, the shape of an upload or of data leaving");
    }

    @Test
    void aHugeButBalancedTransferIsMediumAboveTheAbsoluteThreshold() {
        Finding f = detector.inspect(withBytes(outbound(Transport.TCP, "10.0.0.9:873", AddressClass.PRIVATE, "rsync"),
                2048 * MIB, 1024 * MIB)).orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(f.reason()).endsWith("more than the 1.0 GiB threshold");
    }

    @Test
    void nearMissesAreNotFlagged() {
        var c = outbound(Transport.TCP, "203.0.113.9:443", AddressClass.PUBLIC, "firefox");
        assertThat(detector.inspect(withBytes(c, 19 * MIB, 0))).as("just under the ratio's minimum").isEmpty();
        assertThat(detector.inspect(withBytes(c, 30 * MIB, 4 * MIB))).as("sent only 7.5x received").isEmpty();
        assertThat(detector.inspect(withBytes(c, 500 * MIB, 2000 * MIB))).as("a download").isEmpty();
        assertThat(detector.inspect(c)).as("bytes unknown").isEmpty();
        assertThat(detector.inspect(withBytes(Records.withDirection(c, Direction.INBOUND), 100 * MIB, 0)))
                .as("serving a download to a client").isEmpty();
        assertThat(detector.inspect(withBytes(outbound(Transport.TCP, "127.0.0.1:5432", AddressClass.LOOPBACK, "pg"),
                5000 * MIB, 0))).as("loopback").isEmpty();
    }
}

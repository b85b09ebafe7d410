package org.connwatch.detect.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.connwatch.detect.Records.outbound;
import static org.connwatch.detect.Records.process;

import java.util.List;
import org.connwatch.detect.Finding;
import org.connwatch.detect.Severity;
import org.connwatch.records.AddressClass;
import org.connwatch.records.Connection;
import org.connwatch.records.Transport;
import org.junit.jupiter.api.Test;

class SuspiciousProgramDetectorTest {
    private final SuspiciousProgramDetector detector = SuspiciousProgramDetector.defaults();

    private static Connection by(String exe, boolean deleted, String remote) {
        return outbound(Transport.TCP, remote, AddressClass.PUBLIC, null).withProcess(process("x", exe, deleted));
    }

    @Test
    void oneFindingPerProgramAboutAllItsSockets() {
        List<Finding> fs = detector.detect(List.of(by("/tmp/.x/kworker", false, "203.0.113.9:443"),
                by("/tmp/.x/kworker", false, "203.0.113.9:8080")));
        assertThat(fs).hasSize(1);
        assertThat(fs.get(0).severity()).isEqualTo(Severity.HIGH);
        assertThat(fs.get(0).connections()).hasSize(2);
        assertThat(fs.get(0).reason()).isEqualTo("x (pid 4242) runs from /tmp/.x/kworker in the world-writable /tmp/; "
                + "it has 2 sockets");
    }

    @Test
    void aDeletedExecutableInTmpIsCritical() {
        Finding f = detector.detect(List.of(by("/dev/shm/payload", true, "203.0.113.9:443"))).get(0);
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.reason()).contains("deleted after it started").contains("a socket to 203.0.113.9:443 over tcp");
    }

    @Test
    void nearMissesAreNotFlagged() {
        assertThat(detector.detect(List.of(by("/usr/bin/curl", false, "203.0.113.9:443"),
                by("/opt/tmp/tool", false, "203.0.113.9:443"), // "tmp" inside another folder
                by("/tmpfoo/tool", false, "203.0.113.9:443"),
                outbound(Transport.TCP, "203.0.113.9:443", AddressClass.PUBLIC, null)))).isEmpty();
    }
}

package org.connwatch.act.alert;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Instant;
import org.connwatch.detect.Severity;
import org.connwatch.store.FindingState;

/**
 * Fuzzes the syslog message: whatever a program name, host name and reason hold, the message stays
 * within its bound, has no line break, and reads back under the strict RFC 5424 reader with the
 * structured data intact. A normal test run replays the seeds in
 * {@code src/test/resources/org/connwatch/act/alert/SyslogFormatFuzzTestInputs/anyAlert/}.
 */
class SyslogFormatFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void anyAlert(FuzzedDataProvider data) {
        int max = data.consumeInt(SyslogFormat.MIN_BYTES, 4096);
        String host = data.consumeString(300);
        String program = data.consumeString(400);
        String reason = data.consumeRemainingAsString();
        if (program.isEmpty() || reason.isBlank()) {
            return;
        }
        Instant at = Instant.parse("2026-11-20T03:00:00.123456789Z");
        FindingState f = Findings.open(1, Severity.values()[Math.floorMod(max, 5)], program, reason, at);
        byte[] message = new SyslogFormat(host, 77, max).format(new FindingAlert(f, true, at));
        require(message.length <= max, "longer than " + max + ": " + message.length);
        for (byte b : message) {
            require(b != '\n' && b != '\r' && b != 0, "a line break or NUL in the message");
        }
        Rfc5424 m = Rfc5424.parse(message);
        require(m.appName().equals("connwatch") && m.msgId().equals("unusual-port") && m.procId().equals("77"),
                "header fields");
        require(m.params().get("finding.id").equals("1"), "the first parameter is always there");
        String name = m.params().get("process.name");
        require(name == null || name.length() <= 259, "a cut value");
    }

    private static void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(what);
        }
    }
}

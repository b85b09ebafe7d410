package org.connwatch.act.alert;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the {@code --alert} values: any text gives a target or one short line saying what is
 * wrong, never another exception. A normal test run replays the seeds in
 * {@code src/test/resources/org/connwatch/act/alert/AlertTargetsFuzzTestInputs/anyValue/}.
 */
class AlertTargetsFuzzTest {

    @FuzzTest(maxDuration = "60s")
    @DictionaryEntries({"stdout", "desktop", "syslog", "syslog:", "unix:", "udp://", "webhook:", "http://",
            "https://", "[", "]", ":", "@", "%", "?", "#", "/dev/log", "65535", "0"})
    void anyValue(byte[] input) {
        String value = new String(input, StandardCharsets.UTF_8);
        try {
            AlertTarget t = AlertTargets.parse(value);
            if (t instanceof AlertTarget.SyslogUdp u && (u.port() < 1 || u.port() > 65535 || u.host().isEmpty())) {
                throw new IllegalStateException("a bad UDP target passed: " + u);
            }
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            if (!m.startsWith("--alert '") || m.contains("\n") || m.length() > 300) {
                throw new IllegalStateException("not one short line: " + m);
            }
        }
    }
}

package org.connwatch.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.connwatch.baseline.Baseline;
import org.connwatch.detect.Detector;
import org.connwatch.detect.peak.TrafficPeakDetector;
import org.junit.jupiter.api.Test;

/** Every detector is on by default and can be switched off or tuned in the policy. */
class PolicyDetectorsTest {

    private static List<String> ids(String detectorsYaml) throws Exception {
        Policy p = Policies.parse("version: 1\n" + detectorsYaml);
        var engine = PolicyDetectors.engine(PolicyEvaluator.of(p), List.of(), Baseline.EMPTY, new ArrayList<>());
        return engine.detectors().stream().map(Detector::id).toList();
    }

    @Test
    void everyDetectorRunsByDefault() throws Exception {
        assertThat(ids("")).containsExactly("suspicious-program", "smtp-not-mailserver", "role-violation",
                "unexpected-inbound", "high-tx", "unusual-port", "long-connection", "beacon", "traffic-peak",
                "new-destination", "new-listener", "unknown-program", "changed-executable");
    }

    @Test
    void anyOfThemCanBeSwitchedOffAndTrafficPeakTuned() throws Exception {
        List<String> on = ids(String.join("\n", "detectors:", "  role-violation: false",
                "  unexpected-inbound: {enabled: false}", "  new-destination: false", "  changed-executable: false",
                "  traffic-peak: {factor: 20, min-bytes: 100MiB}", ""));
        assertThat(on).doesNotContain("role-violation", "unexpected-inbound", "new-destination", "changed-executable")
                .contains("traffic-peak", "new-listener", "unknown-program");
        Policy p = Policies.parse("version: 1\ndetectors:\n  traffic-peak: {factor: 20, min-bytes: 100MiB}\n");
        var peak = (TrafficPeakDetector) PolicyDetectors.engine(PolicyEvaluator.of(p), List.of(), Baseline.EMPTY,
                new ArrayList<>()).detectors().stream()
                .filter(d -> d.id().equals("traffic-peak")).findFirst().orElseThrow();
        assertThat(peak.settings().factor()).isEqualTo(20);
        assertThat(peak.settings().minBytesPerHour()).isEqualTo(100L << 20);
        assertThat(ids("detectors:\n  traffic-peak: false\n")).doesNotContain("traffic-peak");
    }

    @Test
    void aMisspeltDetectorOrKeyIsAProblemWithItsLine() {
        var e = org.assertj.core.api.Assertions.catchThrowableOfType(PolicyException.class,
                () -> Policies.parse("version: 1\ndetectors:\n  role-violaton: false\n  traffic-peak: {facter: 2}\n"));
        assertThat(e.problems()).extracting(Object::toString)
                .anyMatch(s -> s.contains(":3:") && s.contains("role-violaton") && s.contains("role-violation"))
                .anyMatch(s -> s.contains(":4:") && s.contains("facter"));
    }
}

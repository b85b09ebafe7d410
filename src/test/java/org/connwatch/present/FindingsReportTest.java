package org.connwatch.present;

import static org.assertj.core.api.Assertions.assertThat;
import static org.connwatch.present.Conns.tcp;

import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import org.connwatch.detect.Finding;
import org.connwatch.detect.Severity;
import org.connwatch.records.Connection;
import org.connwatch.records.ConnectionState;
import org.connwatch.records.Device;
import org.connwatch.records.Direction;
import org.connwatch.records.Enrichment;
import org.connwatch.records.FlowDetails;
import org.connwatch.records.ProcessInfo;
import org.junit.jupiter.api.Test;

class FindingsReportTest {

    private static String report(List<Finding> findings) throws IOException {
        StringWriter out = new StringWriter();
        new FindingsReport().write(findings, "the test", out);
        return out.toString();
    }

    @Test
    void noFindingsSaysSoWithTheScope() throws IOException {
        assertThat(report(List.of())).isEqualTo(
                "No findings: nothing in the test looks wrong to the enabled detectors.\n");
    }

    @Test
    void aCapturedFlowIsListedWithItsDomainAndDevice() throws IOException {
        Connection https = tcp(ConnectionState.ESTABLISHED, Direction.OUTBOUND, "10.77.0.10:40000",
                "198.51.100.80:443").withEnrichment(Enrichment.NONE.withRemoteDomain("updates.example.test"))
                .withFlow(new FlowDetails(new Device("02:77:00:00:00:10", "HP-LaserJet\u001b[2J", null), null, null,
                        "updates.example.test", null, "SAF"));

        String text = report(List.of(Finding.of("role-violation", Severity.HIGH, 70, "a printer talks HTTPS", https)));

        assertThat(text).isEqualTo("""
                1 finding in the test: 1 high

                HIGH
                  [role-violation, score 70] a printer talks HTTPS
                      tcp 10.77.0.10:40000 -> updates.example.test 198.51.100.80:443  ESTABLISHED  \
                device HP-LaserJet\\x1b[2J 02:77:00:00:00:10
                """);
    }

    @Test
    void aSocketIsListedWithItsProgram() {
        Connection c = tcp(ConnectionState.ESTABLISHED, Direction.OUTBOUND, "10.0.0.5:40000", "198.51.100.7:25")
                .withProcess(new ProcessInfo(4242, 1, "curl", "/usr/bin/curl", false, "curl x", -1, null, null, null));

        assertThat(FindingsReport.line(c)).isEqualTo("tcp 10.0.0.5:40000 -> 198.51.100.7:25  ESTABLISHED  4242/curl");
    }
}

package org.connwatch.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.connwatch.records.AddressClass;
import org.connwatch.records.Connection;
import org.connwatch.records.Transport;
import org.junit.jupiter.api.Test;

class DetectionEngineTest {
    private static final Connection C = Records.outbound(Transport.TCP, "203.0.113.9:4444", AddressClass.PUBLIC, "x");

    private static Detector raising(String id, Severity s, double score) {
        return new Detector() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public String description() {
                return "test";
            }

            @Override
            public List<Finding> detect(List<Connection> connections) {
                return List.of(Finding.of(id, s, score, id + " saw it", connections.get(0)));
            }
        };
    }

    @Test
    void ordersFindingsWorstFirstThenByScore() {
        List<Finding> fs = new DetectionEngine(List.of(raising("a", Severity.LOW, 90), raising("b", Severity.HIGH, 10),
                raising("c", Severity.HIGH, 60), raising("d", Severity.CRITICAL, 1))).run(List.of(C));
        assertThat(fs).extracting(Finding::detector).containsExactly("d", "c", "b", "a");
    }

    @Test
    void refusesTwoDetectorsWithOneId() {
        assertThatThrownBy(() -> new DetectionEngine(List.of(raising("a", Severity.LOW, 1),
                raising("a", Severity.HIGH, 1)))).hasMessageContaining("share an id");
    }

    @Test
    void aFindingNeedsAReasonAConnectionAndASaneScore() {
        assertThatThrownBy(() -> Finding.of("a", Severity.LOW, 101, "r", C)).hasMessageContaining("0..100");
        assertThatThrownBy(() -> Finding.of("a", Severity.LOW, 1, " ", C)).hasMessageContaining("reason");
        assertThatThrownBy(() -> Finding.of("Bad Id", Severity.LOW, 1, "r", C)).hasMessageContaining("lower-case");
        assertThatThrownBy(() -> new Finding("a", Severity.LOW, 1, "r", List.of(), C.lastSeen()))
                .hasMessageContaining("at least one connection");
    }

    @Test
    void theDefaultDetectorsHaveDistinctIdsAndDescriptions() throws Exception {
        var engine = org.connwatch.policy.PolicyDetectors.engine(
                org.connwatch.policy.PolicyEvaluator.of(org.connwatch.policy.Policy.defaults()), List.of(),
                new java.util.ArrayList<>());
        assertThat(engine.detectors()).extracting(Detector::id).containsExactly("suspicious-program",
                "smtp-not-mailserver", "role-violation", "unexpected-inbound", "high-tx", "unusual-port",
                "long-connection", "beacon", "traffic-peak", "new-destination", "new-listener", "unknown-program",
                "changed-executable");
        assertThat(engine.detectors()).allSatisfy(d -> assertThat(d.description()).isNotBlank());
    }
}

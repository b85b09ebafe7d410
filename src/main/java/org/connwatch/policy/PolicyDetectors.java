package org.connwatch.policy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.connwatch.baseline.Baseline;
import org.connwatch.baseline.BaselineDetectors;
import org.connwatch.detect.DetectionEngine;
import org.connwatch.detect.Detector;
import org.connwatch.detect.blocklist.BlocklistDetector;
import org.connwatch.detect.blocklist.Blocklists;
import org.connwatch.detect.peak.LearnedVolumes;
import org.connwatch.detect.peak.TrafficPeakDetector;

/** The detectors a policy asks for, with its settings, and the engine that applies its rules. */
public final class PolicyDetectors {
    private PolicyDetectors() {
    }

    /**
     * The detection engine for a policy: each detector switched on and tuned as the policy says, the
     * role detectors over its inventory, the block lists it names plus {@code extraBlocklists}, and
     * its rules applied to the findings.
     *
     * @param notices collects one line per block-list file with bad lines
     * @throws IOException naming a block list that cannot be read
     */
    public static DetectionEngine engine(PolicyEvaluator policy, List<Path> extraBlocklists, List<String> notices)
            throws IOException {
        return engine(policy, extraBlocklists, Baseline.EMPTY, notices);
    }

    /**
     * As {@link #engine(PolicyEvaluator, List, List)}, with what a baseline learned: its detectors
     * (new destinations, listeners, programs, changed executables), each program's usual ports for
     * {@code unusual-port}, and the usual volumes per host and hour of the week for {@code traffic-peak}.
     */
    public static DetectionEngine engine(PolicyEvaluator policy, List<Path> extraBlocklists, Baseline baseline,
                                         List<String> notices) throws IOException {
        List<Detector> more = BaselineDetectors.all(baseline);
        LearnedVolumes volumes = baseline.learnedVolumes();
        DetectorSettings s = policy.detectors();
        List<Detector> detectors = new ArrayList<>();
        if (s.suspiciousProgram().enabled()) {
            detectors.add(s.suspiciousProgram().detector());
        }
        List<Path> lists = new ArrayList<>(s.blocklist().enabled() ? s.blocklist().files() : List.of());
        lists.addAll(extraBlocklists);
        if (!lists.isEmpty()) {
            Blocklists loaded = Blocklists.load(lists);
            notices.addAll(loaded.notices());
            detectors.add(BlocklistDetector.of(loaded));
        }
        if (s.smtpNotMailserver().enabled()) {
            detectors.add(s.smtpNotMailserver().detector(policy));
        }
        if (s.enabled(RoleViolationDetector.ID)) {
            detectors.add(new RoleViolationDetector(policy));
        }
        if (s.enabled(UnexpectedInboundDetector.ID)) {
            detectors.add(new UnexpectedInboundDetector(policy));
        }
        if (s.highTx().enabled()) {
            detectors.add(s.highTx().detector());
        }
        if (s.unusualPort().enabled()) {
            detectors.add(baseline.isEmpty() ? s.unusualPort().detector()
                    : s.unusualPort().detector().withLearned(baseline::learnedPort));
        }
        if (s.longConnection().enabled()) {
            detectors.add(s.longConnection().detector());
        }
        if (s.beacon().enabled()) {
            detectors.add(s.beacon().detector());
        }
        if (s.trafficPeak().enabled()) {
            detectors.add(new TrafficPeakDetector(s.trafficPeak().settings(), volumes));
        }
        for (Detector d : more) {
            if (s.enabled(d.id())) {
                detectors.add(d);
            }
        }
        return new DetectionEngine(detectors, new PolicyReview(policy));
    }
}

package org.connwatch.baseline;

import java.util.List;
import org.connwatch.detect.Detector;

/** The detectors that compare connections with a learned baseline. */
public final class BaselineDetectors {
    private BaselineDetectors() {
    }

    /** new-destination, new-listener, unknown-program and changed-executable, all judging by this baseline. */
    public static List<Detector> all(Baseline baseline) {
        return List.of(new NewDestinationDetector(baseline), new NewListenerDetector(baseline),
                new UnknownProgramDetector(baseline), new ChangedExecutableDetector(baseline));
    }
}

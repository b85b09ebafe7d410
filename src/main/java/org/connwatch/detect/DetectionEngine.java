package org.connwatch.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.connwatch.records.Connection;

/**
 * Runs every enabled detector over a batch of connections, lets a {@link FindingReview} (the
 * policy's rules) drop and add findings, and orders them worst first (severity, then score, then
 * time, then detector). Immutable and thread-safe.
 */
public final class DetectionEngine {
    /** Worst first. */
    public static final Comparator<Finding> WORST_FIRST = Comparator.comparing(Finding::severity).reversed()
            .thenComparing(Comparator.comparingDouble(Finding::score).reversed())
            .thenComparing(Finding::at)
            .thenComparing(Finding::detector)
            .thenComparing(Finding::reason);

    private final List<Detector> detectors;
    private final FindingReview review;

    public DetectionEngine(List<Detector> detectors) {
        this(detectors, FindingReview.NONE);
    }

    /** An engine whose findings pass a review (a policy's rules) before they are reported. */
    public DetectionEngine(List<Detector> detectors, FindingReview review) {
        this.review = java.util.Objects.requireNonNull(review, "review");
        this.detectors = List.copyOf(detectors);
        Set<String> ids = this.detectors.stream().map(Detector::id).collect(Collectors.toSet());
        if (ids.size() != this.detectors.size()) {
            throw new IllegalArgumentException("two detectors share an id: "
                    + this.detectors.stream().map(Detector::id).toList());
        }
    }

    /** An engine with only the detectors {@code keep} accepts, in the same order, and the same review. */
    public DetectionEngine only(java.util.function.Predicate<Detector> keep) {
        return new DetectionEngine(detectors.stream().filter(keep).toList(), review);
    }

    /** The detectors this engine runs, in order. */
    public List<Detector> detectors() {
        return detectors;
    }

    /** Every finding about these connections, worst first. */
    public List<Finding> run(List<Connection> connections) {
        List<Finding> all = new ArrayList<>();
        for (Detector d : detectors) {
            all.addAll(d.detect(connections));
        }
        List<Finding> reviewed = new ArrayList<>(review.review(connections, all));
        reviewed.sort(WORST_FIRST);
        return reviewed;
    }
}

package org.connwatch.source.capture.file;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.connwatch.source.capture.LinkType;

/**
 * What reading one capture file gave: how many packets went to the sink, what was left out or
 * repaired and why, and whether the file was read to its end.
 *
 * @param format    what the file is
 * @param packets   packets handed to the sink
 * @param bytes     their captured bytes, summed
 * @param skipped   what was left out, by reason ({@link Irregularity#description()}, only reasons that occurred)
 * @param repaired  what was delivered after a repair (a length cut or raised, an option ignored), by reason
 * @param linkTypes the link-layer types the file declares (pcap header, pcapng interface descriptions)
 * @param warning   why the file was not read to its end (cut off or broken, with the byte offset),
 *                  or what it is when it is not a capture; null when it was read to its end
 * @param earliest  the earliest packet time (not the first in file order: stitched captures jump), or
 *                  null when no packet had a time
 * @param latest    the latest packet time, or null
 */
public record CaptureReadReport(CaptureFormat format, long packets, long bytes, Map<String, Long> skipped,
                                Map<String, Long> repaired, SortedSet<Integer> linkTypes, String warning,
                                Instant earliest, Instant latest) {

    public CaptureReadReport {
        Objects.requireNonNull(format, "format");
        if (packets < 0 || bytes < 0) {
            throw new IllegalArgumentException("negative counts: " + packets + " packets, " + bytes + " bytes");
        }
        if ((earliest == null) != (latest == null) || (earliest != null && latest.isBefore(earliest))) {
            throw new IllegalArgumentException("earliest " + earliest + " and latest " + latest + " do not fit");
        }
        skipped = Map.copyOf(skipped);
        repaired = Map.copyOf(repaired);
        linkTypes = Collections.unmodifiableSortedSet(new TreeSet<>(linkTypes));
    }

    /** True when the file was read to its end. */
    public boolean complete() {
        return warning == null;
    }

    /** How many times one irregularity occurred (0 when never). */
    public long count(Irregularity irregularity) {
        return (irregularity.skipsData() ? skipped : repaired).getOrDefault(irregularity.description(), 0L);
    }

    /** One line for a person: the format, the counts, what was skipped or repaired, the warning. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(format.description()).append(": ").append(packets).append(" packet(s), ").append(bytes)
                .append(" byte(s)");
        if (!linkTypes.isEmpty()) {
            sb.append(", ").append(linkTypes.stream().map(LinkType::name).collect(Collectors.joining(", ")));
        }
        appendCounts(sb, "skipped", skipped);
        appendCounts(sb, "repaired", repaired);
        if (warning != null) {
            sb.append("; ").append(warning);
        }
        return sb.toString();
    }

    private static void appendCounts(StringBuilder sb, String what, Map<String, Long> counts) {
        if (!counts.isEmpty()) {
            sb.append("; ").append(what).append(' ').append(counts.entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", ")));
        }
    }
}

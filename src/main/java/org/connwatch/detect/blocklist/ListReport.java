package org.connwatch.detect.blocklist;

import java.util.List;

/**
 * What loading one block list file gave.
 *
 * @param list        the list's name (its file name)
 * @param format      the format it was read as
 * @param addresses   address and block entries read (before merging)
 * @param domains     domain entries read
 * @param ignored     well-formed lines that block nothing (a hosts file's own localhost lines,
 *                    DROP's metadata line)
 * @param badLines    lines that did not parse, skipped
 * @param badExamples the first few of them, each {@code line N: REASON: 'SAMPLE'}, escaped and cut
 */
public record ListReport(String list, BlocklistFormat format, long addresses, long domains, long ignored,
                         long badLines, List<String> badExamples) {

    public ListReport {
        badExamples = List.copyOf(badExamples);
    }

    /** The one notice to show for this file, or null when every line was fine. */
    public String notice() {
        if (badLines == 0) {
            return null;
        }
        return "block list " + list + ": skipped " + badLines + " bad line(s); the first: " + badExamples.getFirst();
    }

    /** {@code drop.txt (drop): 1234 address entries, 0 domains, 2 bad line(s) skipped}. */
    public String summary() {
        return list + " (" + format.label() + "): " + addresses + " address entries, " + domains + " domains"
                + (badLines == 0 ? "" : ", " + badLines + " bad line(s) skipped");
    }
}

package org.connwatch.detect.blocklist;

import java.util.Objects;

/**
 * Why an address or domain is blocked: which list holds it, and as what.
 *
 * @param list  the list's name (its file name), e.g. {@code firehol_level1.netset}
 * @param entry the entry that matched: a block ({@code 203.0.113.0/24}), an address, a range of
 *              merged entries ({@code 192.0.2.1-192.0.2.9}) or a domain ({@code evil.test})
 * @param note  what the list says about the entry (the SBL reference of a DROP entry), or null
 */
public record BlocklistMatch(String list, String entry, String note) {

    public BlocklistMatch {
        Objects.requireNonNull(list, "list");
        Objects.requireNonNull(entry, "entry");
    }

    /** {@code firehol_level1.netset (203.0.113.0/24)}, or {@code drop.txt (1.10.16.0/20, SBL256894)}. */
    public String describe() {
        return list + " (" + entry + (note == null ? "" : ", " + note) + ")";
    }
}

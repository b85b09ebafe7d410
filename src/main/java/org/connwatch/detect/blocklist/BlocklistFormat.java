package org.connwatch.detect.blocklist;

import java.util.Locale;

/**
 * The block list file formats connwatch reads. Every format takes blank lines and {@code #}
 * comments (whole-line or after the entry); {@link BlocklistReader} tells them apart by content
 * when not told which one a file is.
 */
public enum BlocklistFormat {
    /**
     * One IPv4 or IPv6 address or CIDR block per line; {@code ;} also starts a comment:
     * <pre>
     * # my own list
     * 192.0.2.7
     * 198.51.100.0/24   ; scanner
     * 2001:db8:bad::/48
     * </pre>
     */
    PLAIN,
    /**
     * A hosts file that sends bad names to a sink address ({@code 0.0.0.0}, {@code 127.0.0.1},
     * {@code ::}, {@code ::1}); each name blocks that exact name only, as a hosts file does:
     * <pre>
     * 127.0.0.1 localhost
     * ::1 localhost ip6-localhost ip6-loopback
     * 0.0.0.0 0.0.0.0
     * 0.0.0.0 ads.example.com
     * 127.0.0.1 tracker.example.net cdn.tracker.example.net  # inline comment
     * </pre>
     * The file's own lines are ignored, not counted as bad: localhost names, {@code broadcasthost},
     * the {@code ip6-*} names, {@code 0.0.0.0} as a name, and lines mapping any other address
     * ({@code 255.255.255.255 broadcasthost}, {@code 127.0.1.1 myhost}, {@code ff02::1 ip6-allnodes}).
     */
    HOSTS,
    /**
     * Spamhaus DROP / EDROP / DROPv6: a block, {@code ;}, and the SBL reference kept as the
     * entry's note; lines starting with {@code ;} are comments:
     * <pre>
     * ; Spamhaus DROP List 2025/01/01 - (c) 2025 The Spamhaus Project SLU
     * ; Last-Modified: Wed, 01 Jan 2025 00:00:00 GMT
     * 1.10.16.0/20 ; SBL256894
     * </pre>
     * The JSON-lines edition ({@code drop_v4.json}) is read too; its closing metadata line is ignored:
     * <pre>
     * {"cidr":"1.10.16.0/20","sblid":"SBL256894","rir":"apnic"}
     * {"type":"metadata","timestamp":1735689600,"size":56,"records":1,"copyright":"..."}
     * </pre>
     */
    DROP,
    /**
     * A FireHOL ipset ({@code .netset} or {@code .ipset}): metadata in {@code #} comments, then one
     * block or address per line:
     * <pre>
     * #
     * # firehol_level1
     * # Maintainer      : FireHOL
     * #
     * 192.0.2.0/24
     * 198.51.100.77
     * </pre>
     */
    NETSET,
    /**
     * One domain per line, meaning the domain and all its subdomains; a leading {@code *.} or
     * {@code .} says the same explicitly. An address or block in such a list is taken as one:
     * <pre>
     * # malware domains
     * evil.test
     * *.tracker.example
     * .ads.example.org
     * </pre>
     */
    DOMAINS;

    /** The lower-case name used in options and reports: {@code netset}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The format named by its label ({@code plain}, {@code hosts}, {@code drop}, {@code netset},
     * {@code domains}), in any case.
     *
     * @throws IllegalArgumentException naming the known labels
     */
    public static BlocklistFormat fromLabel(String label) {
        for (BlocklistFormat f : values()) {
            if (f.label().equalsIgnoreCase(label.strip())) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown block list format '" + label
                + "': use plain, hosts, drop, netset or domains");
    }
}

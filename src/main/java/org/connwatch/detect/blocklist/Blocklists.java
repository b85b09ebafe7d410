package org.connwatch.detect.blocklist;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.connwatch.records.Cidr;

/**
 * The loaded block lists: addresses and blocks (IPv4 and IPv6) and domains, each entry knowing
 * the list it came from. Immutable and thread-safe once built; lookups allocate almost nothing.
 *
 * <p>Entries are merged into sorted ranges, so memory stays small for lists of hundreds of
 * thousands of blocks. Where two lists (or two DROP entries with different notes) overlap, an
 * address in the overlap is reported with one of them: the entry that starts first, or the list
 * loaded first when both start together. A domain entry blocks its subdomains too, except a
 * hosts-file name, which blocks that exact name.
 */
public final class Blocklists {
    /** No lists at all: nothing matches. */
    public static final Blocklists EMPTY = new Builder().build();

    private final Ipv4Ranges ipv4;
    private final Ipv6Ranges ipv6;
    private final DomainSet domains;
    private final List<Source> sources;
    private final List<ListReport> reports;

    private Blocklists(Ipv4Ranges ipv4, Ipv6Ranges ipv6, DomainSet domains, List<Source> sources,
                       List<ListReport> reports) {
        this.ipv4 = ipv4;
        this.ipv6 = ipv6;
        this.domains = domains;
        this.sources = List.copyOf(sources);
        this.reports = List.copyOf(reports);
    }

    /** Reads each file in the format its content shows; see {@link BlocklistReader}. */
    public static Blocklists load(List<Path> files) throws IOException {
        Builder b = builder();
        for (Path f : files) {
            b.add(f);
        }
        return b.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The list entry holding this address, if any. */
    public Optional<BlocklistMatch> match(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 4) {
            int i = ipv4.find(word(b, 0));
            return i < 0 ? Optional.empty() : Optional.of(matchOf(ipv4.source(i), ipv4.describe(i)));
        }
        long high = ((long) word(b, 0) << 32) | (word(b, 4) & 0xffffffffL);
        long low = ((long) word(b, 8) << 32) | (word(b, 12) & 0xffffffffL);
        int i = ipv6.find(high, low);
        return i < 0 ? Optional.empty() : Optional.of(matchOf(ipv6.source(i), ipv6.describe(i)));
    }

    /**
     * The list entry blocking this domain or one of its parents, if any. Case does not matter and a
     * trailing dot is ignored; internationalized names are compared as given (no punycode).
     */
    public Optional<BlocklistMatch> match(String domain) {
        String name = DomainNames.normalize(domain);
        if (name == null) {
            return Optional.empty();
        }
        DomainSet.Hit hit = domains.find(name);
        return hit == null ? Optional.empty() : Optional.of(matchOf(hit.source(), hit.entry()));
    }

    /** What loading each file gave, in the order loaded. */
    public List<ListReport> reports() {
        return reports;
    }

    /** One line per file that had bad lines, for the user. */
    public List<String> notices() {
        return reports.stream().map(ListReport::notice).filter(Objects::nonNull).toList();
    }

    /** Disjoint address ranges held after merging (IPv4 and IPv6). */
    public int addressRanges() {
        return ipv4.size() + ipv6.size();
    }

    /** Domain entries held. */
    public int domainCount() {
        return domains.size();
    }

    /** True when nothing can match. */
    public boolean isEmpty() {
        return addressRanges() == 0 && domainCount() == 0;
    }

    private BlocklistMatch matchOf(int source, String entry) {
        Source s = sources.get(source);
        return new BlocklistMatch(s.list(), entry, s.note());
    }

    private static int word(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }

    /** Where entries came from: a list, with the note of its entries (DROP's SBL reference), if any. */
    private record Source(String list, String note) {
    }

    /** Collects lists, file by file; not thread-safe. */
    public static final class Builder {
        private final Ipv4Ranges.Builder ipv4 = new Ipv4Ranges.Builder();
        private final Ipv6Ranges.Builder ipv6 = new Ipv6Ranges.Builder();
        private final DomainSet domains = new DomainSet();
        private final List<Source> sources = new ArrayList<>();
        private final Map<Source, Integer> sourceIds = new HashMap<>();
        private final List<ListReport> reports = new ArrayList<>();

        private Builder() {
        }

        /** Reads one file, telling its format from its content; returns what it gave. */
        public ListReport add(Path file) throws IOException {
            return add(file, null);
        }

        /** Reads one file in this format (null: tell it from the content); returns what it gave. */
        public ListReport add(Path file, BlocklistFormat format) throws IOException {
            ListReport r = new BlocklistReader(this).read(file, format);
            reports.add(r);
            return r;
        }

        /** Adds a block from a list, e.g. {@code ("my-list", "192.0.2.0/24", null)}. */
        public Builder addBlock(String list, String cidr, String note) {
            addBlock(Cidr.parse(cidr), source(list, note));
            return this;
        }

        /** Adds a domain and its subdomains from a list ({@code evil.test}, {@code *.evil.test} or {@code .evil.test}). */
        public Builder addDomain(String list, String domain) {
            String name = DomainNames.normalize(DomainNames.wildcardless(domain.strip()));
            String problem = name == null ? "empty domain name" : DomainNames.problem(name);
            if (problem != null) {
                throw new IllegalArgumentException("'" + domain + "' is not a domain name: " + problem);
            }
            addDomain(name, true, source(list, null));
            return this;
        }

        public Blocklists build() {
            return new Blocklists(ipv4.build(), ipv6.build(), domains.frozen(), sources, reports);
        }

        int source(String list, String note) {
            return sourceIds.computeIfAbsent(new Source(list, note), s -> {
                sources.add(s);
                return sources.size() - 1;
            });
        }

        void addBlock(Cidr cidr, int source) {
            byte[] n = cidr.network().getAddress();
            int prefix = cidr.prefixLength();
            if (n.length == 4) {
                int start = word(n, 0);
                int hostBits = prefix == 0 ? -1 : (int) ((1L << (32 - prefix)) - 1);
                ipv4.add(start, start | hostBits, source);
                return;
            }
            long sh = ((long) word(n, 0) << 32) | (word(n, 4) & 0xffffffffL);
            long sl = ((long) word(n, 8) << 32) | (word(n, 12) & 0xffffffffL);
            long hostHigh = prefix >= 64 ? 0 : (prefix == 0 ? -1L : (1L << (64 - prefix)) - 1);
            long hostLow = prefix >= 128 ? 0 : (prefix <= 64 ? -1L : (1L << (128 - prefix)) - 1);
            ipv6.add(sh, sl, sh | hostHigh, sl | hostLow, source);
        }

        void addDomain(String normalizedName, boolean subdomains, int source) {
            domains.add(normalizedName, subdomains, source);
        }
    }
}

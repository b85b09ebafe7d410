package org.connwatch.detect.blocklist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.connwatch.detect.blocklist.Lists.file;
import static org.connwatch.detect.blocklist.Lists.ip;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlocklistsTest {

    @Test
    void firstAndLastAddressOfABlockMatchAndTheirNeighboursDoNot() {
        Blocklists b = Blocklists.builder().addBlock("l", "198.51.100.16/28", null)
                .addBlock("l", "2001:db8:1::/48", null).addBlock("l", "0.0.0.0/1", null).build();
        assertThat(b.match(ip("198.51.100.15"))).isEmpty();
        assertThat(b.match(ip("198.51.100.16"))).isPresent();
        assertThat(b.match(ip("198.51.100.31"))).isPresent();
        assertThat(b.match(ip("198.51.100.32"))).isEmpty();
        assertThat(b.match(ip("2001:db8:0:ffff:ffff:ffff:ffff:ffff"))).isEmpty();
        assertThat(b.match(ip("2001:db8:1::"))).isPresent();
        assertThat(b.match(ip("2001:db8:1:ffff:ffff:ffff:ffff:ffff"))).isPresent();
        assertThat(b.match(ip("2001:db8:2::"))).isEmpty();
        // A block reaching the sign bit: unsigned order throughout.
        assertThat(b.match(ip("127.255.255.255")).orElseThrow().entry()).isEqualTo("0.0.0.0/1");
        assertThat(b.match(ip("128.0.0.0"))).isEmpty();
    }

    @Test
    void theWholeAddressSpaceAndTheTopAddresses() {
        Blocklists b = Blocklists.builder().addBlock("l", "255.255.255.255", null)
                .addBlock("l", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fff0/124", null).addBlock("all", "::/0", null)
                .build();
        assertThat(b.match(ip("255.255.255.255")).orElseThrow().entry()).isEqualTo("255.255.255.255");
        assertThat(b.match(ip("255.255.255.254"))).isEmpty();
        assertThat(b.match(ip("2001:db8::1")).orElseThrow()).isEqualTo(new BlocklistMatch("all", "::/0", null));
        // ::/0 starts first, so it keeps the overlap with the later /124.
        assertThat(b.match(ip("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")).orElseThrow().list()).isEqualTo("all");
        assertThat(b.addressRanges()).isEqualTo(2);
    }

    @Test
    void overlappingAndAdjacentEntriesOfOneListMerge() {
        Blocklists b = Blocklists.builder()
                .addBlock("l", "192.0.2.0/26", null)
                .addBlock("l", "192.0.2.32/27", null)      // inside the /26
                .addBlock("l", "192.0.2.64/26", null)      // adjacent: together a /25
                .addBlock("l", "192.0.2.100", null)        // inside
                .addBlock("l", "192.0.2.129", null)        // not adjacent: one address gap
                .addBlock("l", "2001:db8::/64", null)
                .addBlock("l", "2001:db8:0:1::/64", null)  // adjacent across the low word's end
                .addBlock("l", "2001:db8::1", null)
                .build();
        assertThat(b.addressRanges()).isEqualTo(3);
        assertThat(b.match(ip("192.0.2.127")).orElseThrow().entry()).isEqualTo("192.0.2.0/25");
        assertThat(b.match(ip("192.0.2.128"))).isEmpty();
        assertThat(b.match(ip("192.0.2.129")).orElseThrow().entry()).isEqualTo("192.0.2.129");
        assertThat(b.match(ip("2001:db8:0:1::5")).orElseThrow().entry()).isEqualTo("2001:db8::/63");
    }

    @Test
    void mergedRangesThatAreNoBlockShowFirstAndLast() {
        Blocklists b = Blocklists.builder().addBlock("l", "192.0.2.1", null).addBlock("l", "192.0.2.2/31", null)
                .addBlock("l", "2001:db8::1", null).addBlock("l", "2001:db8::2", null).build();
        assertThat(b.match(ip("192.0.2.2")).orElseThrow().entry()).isEqualTo("192.0.2.1-192.0.2.3");
        assertThat(b.match(ip("2001:db8::2")).orElseThrow().entry()).isEqualTo("2001:db8::1-2001:db8::2");
    }

    @Test
    void overlapsBetweenListsGoToTheEntryThatStartsFirst() {
        Blocklists b = Blocklists.builder()
                .addBlock("a", "198.51.100.0/25", null)
                .addBlock("a", "198.51.100.128/26", null)  // merges with the /25: a holds .0-.191
                .addBlock("b", "198.51.100.64/26", null)   // inside a's range: a keeps it
                .addBlock("b", "198.51.100.128/25", null)  // starts inside a's range: b keeps the rest
                .addBlock("c", "198.51.100.0/25", null)    // the same block as a, loaded later
                .addBlock("c", "198.51.100.252/30", null)  // inside b's part
                .build();
        assertThat(b.match(ip("198.51.100.0")).orElseThrow().list()).isEqualTo("a");
        assertThat(b.match(ip("198.51.100.70")).orElseThrow().list()).isEqualTo("a");
        assertThat(b.match(ip("198.51.100.191")).orElseThrow())
                .isEqualTo(new BlocklistMatch("a", "198.51.100.0-198.51.100.191", null));
        assertThat(b.match(ip("198.51.100.192")).orElseThrow())
                .isEqualTo(new BlocklistMatch("b", "198.51.100.192/26", null));
        assertThat(b.match(ip("198.51.100.255")).orElseThrow().list()).isEqualTo("b");
        assertThat(b.match(ip("198.51.101.0"))).isEmpty();
        assertThat(b.addressRanges()).isEqualTo(2);
    }

    @Test
    void dropNotesKeepNeighbouringBlocksApart() throws IOException {
        // DROP's 192.0.2.0/24 and drop_v4.json's 192.0.2.0/25 with the same SBL are one source per file.
        Blocklists b = Blocklists.load(List.of(file("drop.txt"), file("firehol_level1.netset"),
                file("drop_v4.json")));
        assertThat(b.match(ip("192.0.2.1")).orElseThrow().describe()).isEqualTo("drop.txt (192.0.2.0/24, SBL256894)");
        assertThat(b.match(ip("192.0.2.255")).orElseThrow().list()).isEqualTo("drop.txt");
        assertThat(b.match(ip("198.51.100.16")).orElseThrow().note()).isEqualTo("SBL100001");
        assertThat(b.match(ip("203.0.113.1")).orElseThrow().list()).isEqualTo("firehol_level1.netset");
        assertThat(b.reports()).extracting(ListReport::list)
                .containsExactly("drop.txt", "firehol_level1.netset", "drop_v4.json");
    }

    @Test
    void domainSuffixRules() {
        Blocklists b = Blocklists.builder().addDomain("d", "evil.test").addDomain("d", "*.ads.example")
                .addDomain("e", "deep.sub.evil.test").build();
        assertThat(b.match("evil.test")).contains(new BlocklistMatch("d", "evil.test", null));
        assertThat(b.match("a.evil.test")).contains(new BlocklistMatch("d", "evil.test", null));
        assertThat(b.match("x.y.z.evil.test")).isPresent();
        assertThat(b.match("notevil.test")).isEmpty();
        assertThat(b.match("evil.test.example")).isEmpty();
        assertThat(b.match("test")).isEmpty();
        assertThat(b.match("EVIL.Test.")).isPresent();
        assertThat(b.match("ads.example")).isPresent();
        // The most specific entry answers.
        assertThat(b.match("a.deep.sub.evil.test").orElseThrow().list()).isEqualTo("e");
        assertThat(b.match("")).isEmpty();
        assertThat(b.match(".")).isEmpty();
        assertThat(b.match((String) null)).isEmpty();
        assertThatThrownBy(() -> Blocklists.builder().addDomain("d", "bad name.test"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void emptyListsMatchNothing() {
        assertThat(Blocklists.EMPTY.isEmpty()).isTrue();
        assertThat(Blocklists.EMPTY.match(ip("192.0.2.1"))).isEmpty();
        assertThat(Blocklists.EMPTY.match(ip("2001:db8::1"))).isEmpty();
        assertThat(Blocklists.EMPTY.match("evil.test")).isEmpty();
    }

    @Test
    void ipv4MappedAddressesAreMatchedAsIpv4() {
        Blocklists b = Blocklists.builder().addBlock("l", "192.0.2.0/24", null).build();
        assertThat(b.match(ip("::ffff:192.0.2.9"))).isPresent();
    }
}

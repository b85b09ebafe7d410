package org.connwatch.detect.blocklist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.connwatch.detect.blocklist.Lists.file;
import static org.connwatch.detect.blocklist.Lists.ip;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlocklistReaderTest {
    @TempDir
    Path dir;

    @Test
    void detectsEachFormatFromItsContent() throws IOException {
        assertThat(BlocklistReader.detect(file("plain.txt"))).isEqualTo(BlocklistFormat.PLAIN);
        assertThat(BlocklistReader.detect(file("hosts.txt"))).isEqualTo(BlocklistFormat.HOSTS);
        assertThat(BlocklistReader.detect(file("drop.txt"))).isEqualTo(BlocklistFormat.DROP);
        assertThat(BlocklistReader.detect(file("drop_v4.json"))).isEqualTo(BlocklistFormat.DROP);
        assertThat(BlocklistReader.detect(file("firehol_level1.netset"))).isEqualTo(BlocklistFormat.NETSET);
        assertThat(BlocklistReader.detect(file("domains.txt"))).isEqualTo(BlocklistFormat.DOMAINS);
        assertThat(BlocklistReader.detect(file("bad-lines.txt"))).isEqualTo(BlocklistFormat.PLAIN);
    }

    @Test
    void detectsNetsetByNameOrFireholComment() throws IOException {
        Path byName = Files.writeString(dir.resolve("custom.ipset"), "192.0.2.1\n");
        Path byComment = Files.writeString(dir.resolve("list.txt"), "# FireHOL blocklist_de\n192.0.2.1\n");
        Path dropWithoutNotes = Files.writeString(dir.resolve("edrop.txt"), "; Spamhaus EDROP List\n192.0.2.1/32\n");
        Path empty = Files.writeString(dir.resolve("empty.netset"), "# nothing yet\n");
        assertThat(BlocklistReader.detect(byName)).isEqualTo(BlocklistFormat.NETSET);
        assertThat(BlocklistReader.detect(byComment)).isEqualTo(BlocklistFormat.NETSET);
        assertThat(BlocklistReader.detect(dropWithoutNotes)).isEqualTo(BlocklistFormat.DROP);
        assertThat(BlocklistReader.detect(empty)).isEqualTo(BlocklistFormat.NETSET);
    }

    @Test
    void plainListTakesBothCommentStylesAndIpv6() throws IOException {
        Blocklists b = Blocklists.load(List.of(file("plain.txt")));
        ListReport r = b.reports().getFirst();
        assertThat(r.format()).isEqualTo(BlocklistFormat.PLAIN);
        assertThat(r.addresses()).isEqualTo(6);
        assertThat(r.badLines()).isZero();
        assertThat(r.notice()).isNull();
        assertThat(b.match(ip("192.0.2.7"))).contains(new BlocklistMatch("plain.txt", "192.0.2.7", null));
        // The two halves of 198.51.100.0/24 are one range now.
        assertThat(b.match(ip("198.51.100.200"))).contains(new BlocklistMatch("plain.txt", "198.51.100.0/24", null));
        assertThat(b.match(ip("2001:db8:bad:ffff::1")).orElseThrow().entry()).isEqualTo("2001:db8:bad::/48");
        assertThat(b.match(ip("2001:db8::dead")).orElseThrow().entry()).isEqualTo("2001:db8::dead");
        assertThat(b.addressRanges()).isEqualTo(5);
    }

    @Test
    void hostsFileBlocksItsNamesButNotItsOwnLines() throws IOException {
        Blocklists b = Blocklists.load(List.of(file("hosts.txt")));
        ListReport r = b.reports().getFirst();
        assertThat(r.format()).isEqualTo(BlocklistFormat.HOSTS);
        assertThat(r.domains()).isEqualTo(6);
        assertThat(r.addresses()).isZero();
        assertThat(r.ignored()).isEqualTo(10);
        assertThat(r.badLines()).isZero();
        assertThat(b.match("ads.example.com")).contains(new BlocklistMatch("hosts.txt", "ads.example.com", null));
        assertThat(b.match("tracker.example.net")).isPresent();
        assertThat(b.match("b.example.org")).isPresent();
        assertThat(b.match("v6sink.example")).isPresent();
        // A hosts file maps exact names: no subdomains, no parents.
        assertThat(b.match("x.ads.example.com")).isEmpty();
        assertThat(b.match("example.com")).isEmpty();
        // Its own lines are not blocks: localhost, the machine's own name, 0.0.0.0 as a name.
        assertThat(b.match("localhost")).isEmpty();
        assertThat(b.match("myhost")).isEmpty();
        assertThat(b.match("0.0.0.0")).isEmpty();
        assertThat(b.match(ip("0.0.0.0"))).isEmpty();
        assertThat(b.match(ip("127.0.0.1"))).isEmpty();
    }

    @Test
    void dropKeepsTheSblReferenceAsNote() throws IOException {
        Blocklists b = Blocklists.load(List.of(file("drop.txt")));
        assertThat(b.reports().getFirst().addresses()).isEqualTo(3);
        assertThat(b.reports().getFirst().badLines()).isZero();
        BlocklistMatch m = b.match(ip("192.0.2.200")).orElseThrow();
        assertThat(m).isEqualTo(new BlocklistMatch("drop.txt", "192.0.2.0/24", "SBL256894"));
        assertThat(m.describe()).isEqualTo("drop.txt (192.0.2.0/24, SBL256894)");
        assertThat(b.match(ip("198.51.100.20")).orElseThrow().note()).isEqualTo("SBL100001");
        assertThat(b.match(ip("2001:db8:1:2::3")).orElseThrow().note()).isEqualTo("SBL555555");
    }

    @Test
    void dropJsonLinesSkipTheMetadataLine() throws IOException {
        Blocklists b = Blocklists.load(List.of(file("drop_v4.json")));
        ListReport r = b.reports().getFirst();
        assertThat(r.addresses()).isEqualTo(2);
        assertThat(r.ignored()).isEqualTo(1);
        assertThat(r.badLines()).isZero();
        assertThat(b.match(ip("203.0.113.9"))).contains(new BlocklistMatch("drop_v4.json", "203.0.113.0/24",
                "SBL314159"));
        assertThat(b.match(ip("192.0.2.128"))).isEmpty();
    }

    @Test
    void netsetSkipsItsMetadataComments() throws IOException {
        Blocklists b = Blocklists.load(List.of(file("firehol_level1.netset")));
        ListReport r = b.reports().getFirst();
        assertThat(r.format()).isEqualTo(BlocklistFormat.NETSET);
        assertThat(r.addresses()).isEqualTo(4);
        assertThat(r.badLines()).isZero();
        assertThat(b.match(ip("198.51.100.77")).orElseThrow().describe())
                .isEqualTo("firehol_level1.netset (198.51.100.77)");
        assertThat(b.match(ip("10.200.0.1"))).isPresent();
    }

    @Test
    void domainListBlocksSubdomainsWhateverThePrefix() throws IOException {
        Blocklists b = Blocklists.load(List.of(file("domains.txt")));
        ListReport r = b.reports().getFirst();
        assertThat(r.domains()).isEqualTo(5);
        assertThat(r.addresses()).isEqualTo(1);
        assertThat(r.badLines()).isZero();
        assertThat(b.match("tracker.example")).isPresent(); // "*." includes the domain itself
        assertThat(b.match("x.tracker.example")).isPresent();
        assertThat(b.match("ads.example.org")).isPresent(); // so does "."
        assertThat(b.match("mixed-case.example")).isPresent();
        assertThat(b.match("www.BÜCHER.example")).isPresent(); // IDN as is, case folded
        assertThat(b.match("xn--bcher-kva.example")).isEmpty(); // no punycode conversion
        assertThat(b.match(ip("203.0.113.200"))).isPresent();
    }

    @Test
    void badLinesAreCountedWithLineNumbersAndEscapedSamples() throws IOException {
        Blocklists.Builder builder = Blocklists.builder();
        ListReport r = builder.add(file("bad-lines.txt"), BlocklistFormat.PLAIN);
        assertThat(r.addresses()).isEqualTo(3);
        assertThat(r.badLines()).isEqualTo(8);
        assertThat(r.badExamples()).containsExactly(
                "line 3: not an IP address or CIDR block: '192.0.2.300'",
                "line 4: not an IP address or CIDR block: 'not-an-address'",
                "line 5: not an IP address or CIDR block: '192.0.2.0/33'");
        assertThat(r.notice()).isEqualTo("block list bad-lines.txt: skipped 8 bad line(s); the first: "
                + "line 3: not an IP address or CIDR block: '192.0.2.300'");
        Blocklists b = builder.build();
        assertThat(b.notices()).containsExactly(r.notice());
        assertThat(b.match(ip("198.51.100.9"))).isPresent();
        assertThat(b.match(ip("192.0.2.99"))).isPresent();
    }

    @Test
    void controlCharactersAndLongLinesAreEscapedAndCut() throws IOException {
        Path f = dir.resolve("nasty.txt");
        Files.writeString(f, "\u001b[31mred\n" + "9".repeat(5000) + "\n192.0.2.1\n");
        ListReport r = Blocklists.builder().add(f, BlocklistFormat.PLAIN);
        assertThat(r.badLines()).isEqualTo(2);
        assertThat(r.badExamples().get(0)).isEqualTo("line 1: not an IP address or CIDR block: '\\x1b[31mred'");
        assertThat(r.badExamples().get(1)).startsWith("line 2: longer than 1000 bytes: '9999").endsWith("...'")
                .hasSizeLessThan(150);
        assertThat(r.addresses()).isEqualTo(1);
    }

    @Test
    void hostsLinesWithoutNamesOrWithBadNamesAreBad() throws IOException {
        Path f = Files.writeString(dir.resolve("hosts"), "0.0.0.0 ok.example\n0.0.0.0\nnot-an-ip bad.example\n"
                + "0.0.0.0 good.example bad/name.example\n");
        ListReport r = Blocklists.builder().add(f);
        assertThat(r.format()).isEqualTo(BlocklistFormat.HOSTS);
        assertThat(r.domains()).isEqualTo(2);
        assertThat(r.badLines()).isEqualTo(3);
        assertThat(r.badExamples()).containsExactly(
                "line 2: a hosts line needs an address and a name: '0.0.0.0'",
                "line 3: not an IP address before the names: 'not-an-ip bad.example'",
                "line 4: '/' cannot be in a domain name: '0.0.0.0 good.example bad/name.example'");
    }

    @Test
    void missingFileIsAClearIoException() {
        Path missing = dir.resolve("nope.netset");
        assertThatThrownBy(() -> Blocklists.load(List.of(missing))).isInstanceOf(NoSuchFileException.class)
                .hasMessage(missing + ": the block list file does not exist");
        assertThatThrownBy(() -> Blocklists.builder().add(missing, BlocklistFormat.PLAIN))
                .isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> Blocklists.load(List.of(dir))).isInstanceOf(IOException.class)
                .hasMessageContaining("is a directory");
    }

    @Test
    void formatLabels() {
        assertThat(BlocklistFormat.fromLabel("NetSet")).isEqualTo(BlocklistFormat.NETSET);
        assertThatThrownBy(() -> BlocklistFormat.fromLabel("csv")).hasMessageContaining("plain, hosts, drop");
    }
}

package org.connwatch.source.capture.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.connwatch.records.IpAddresses;
import org.junit.jupiter.api.Test;

class NameTableTest {
    private static final InetAddress CDN = IpAddresses.parse("203.0.113.7");
    private static final InetAddress ALICE = IpAddresses.parse("192.168.1.10");
    private static final InetAddress BOB = IpAddresses.parse("192.168.1.11");
    private static final InetAddress CAROL = IpAddresses.parse("192.168.1.12");

    @Test
    void theClientsOwnAnswerComesFirstThenAnyClientsButOnlyFromBeforeTheFlow() {
        NameTable names = new NameTable(100);
        names.add(CDN, ALICE, "shop.example", 100);
        names.add(CDN, BOB, "news.example", 200);
        assertThat(names.lookup(CDN, ALICE, 1000)).isEqualTo("shop.example");
        assertThat(names.lookup(CDN, BOB, 1000)).isEqualTo("news.example");
        assertThat(names.lookup(CDN, CAROL, 1000)).isEqualTo("news.example"); // the latest of any client
        assertThat(names.lookup(CDN, CAROL, 150)).isEqualTo("shop.example");
        assertThat(names.lookup(CDN, ALICE, 99)).isNull();
        assertThat(names.lookup(IpAddresses.parse("2001:db8::7"), ALICE, 1000)).isNull();
        names.add(CDN, ALICE, "mail.example", 300);
        assertThat(names.lookup(CDN, ALICE, 1000)).isEqualTo("mail.example");
    }

    @Test
    void boundedByAddressesAndByClientsPerAddress() {
        NameTable names = new NameTable(2);
        names.add(IpAddresses.parse("203.0.113.1"), ALICE, "one.example", 1);
        names.add(IpAddresses.parse("203.0.113.2"), ALICE, "two.example", 2);
        names.add(IpAddresses.parse("203.0.113.3"), ALICE, "three.example", 3);
        assertThat(names.size()).isEqualTo(2);
        assertThat(names.lookup(IpAddresses.parse("203.0.113.1"), ALICE, 10)).isNull();

        for (int i = 0; i < 10; i++) {
            names.add(CDN, IpAddresses.parse("10.0.0." + i), "name" + i + ".example", i);
        }
        assertThat(names.lookup(CDN, IpAddresses.parse("10.0.0.0"), 100)).isEqualTo("name9.example");
        assertThat(names.lookup(CDN, IpAddresses.parse("10.0.0.9"), 100)).isEqualTo("name9.example");
        assertThat(names.lookup(CDN, IpAddresses.parse("10.0.0.6"), 100)).isEqualTo("name6.example");
    }
}

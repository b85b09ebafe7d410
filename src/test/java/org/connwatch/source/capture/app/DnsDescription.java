package org.connwatch.source.capture.app;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.connwatch.records.IpAddresses;

/**
 * One line that says what a DNS message holds, made either from {@link DnsParser}'s result or from
 * tshark's dissection of the same bytes, so that the two can be compared as text.
 */
final class DnsDescription {
    /** The tshark fields {@link #ofTshark} reads. */
    static final List<String> FIELDS = List.of("dns.id", "dns.flags.response", "dns.flags.rcode", "dns.qry.name",
            "dns.qry.type", "dns.count.answers", "dns.resp.name", "dns.resp.type", "dns.resp.ttl", "dns.a",
            "dns.aaaa", "dns.cname");

    private DnsDescription() {
    }

    static String of(DnsMessage m) {
        if (m == null) {
            return "not DNS";
        }
        List<String> answers = new ArrayList<>();
        for (DnsAnswer a : m.answers()) {
            String value = a.address() != null ? IpAddresses.format(a.address()) : a.target();
            answers.add(a.name() + " " + a.type() + " " + value + " " + a.ttl());
        }
        return "id=" + m.id() + " response=" + m.response() + " rcode=" + m.rcode() + " question=" + m.queryName()
                + "/" + m.queryType() + " answers=" + answers;
    }

    /** The same line from tshark's fields; "not DNS" when tshark did not dissect DNS. */
    static String ofTshark(Map<String, String> row) {
        String id = row.getOrDefault("dns.id", "");
        if (id.isEmpty()) {
            return "not DNS";
        }
        List<String> names = Tshark.values(row, "dns.qry.name");
        List<String> types = Tshark.values(row, "dns.qry.type");
        String question = names.isEmpty() ? "null/0" : name(names.get(0)) + "/" + Integer.parseInt(types.get(0));
        int count = Integer.parseInt(row.get("dns.count.answers"));
        List<String> rrNames = Tshark.values(row, "dns.resp.name");
        List<String> rrTypes = Tshark.values(row, "dns.resp.type");
        List<String> ttls = Tshark.values(row, "dns.resp.ttl");
        Iterator<String> a = Tshark.values(row, "dns.a").iterator();
        Iterator<String> aaaa = Tshark.values(row, "dns.aaaa").iterator();
        Iterator<String> cname = Tshark.values(row, "dns.cname").iterator();
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < count && answers.size() < DnsParser.MAX_ANSWERS; i++) {
            int type = Integer.parseInt(rrTypes.get(i));
            String value = switch (type) {
                case DnsAnswer.A -> IpAddresses.format(IpAddresses.parse(a.next()));
                case DnsAnswer.AAAA -> IpAddresses.format(IpAddresses.parse(aaaa.next()));
                case DnsAnswer.CNAME -> name(cname.next());
                default -> null;
            };
            if (value != null) {
                answers.add(name(rrNames.get(i)) + " " + type + " " + value + " " + ttls.get(i));
            }
        }
        String rcode = row.get("dns.flags.rcode"); // tshark shows it for responses only
        return "id=" + Integer.decode(id) + " response=" + Tshark.flag(row.get("dns.flags.response"))
                + " rcode=" + (rcode.isEmpty() ? 0 : Integer.parseInt(rcode)) + " question=" + question
                + " answers=" + answers;
    }

    private static String name(String tsharkName) {
        return tsharkName.equals("<Root>") ? "." : tsharkName.toLowerCase(Locale.ROOT);
    }
}

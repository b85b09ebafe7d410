package org.connwatch.source.capture.app;

import java.util.List;

/**
 * What connwatch keeps of one DNS (or mDNS) message: the header, the first question and the A,
 * AAAA and CNAME records of the answer section.
 *
 * @param id        the 16-bit transaction id
 * @param response  true for a response (QR set)
 * @param rcode     the 4-bit response code of the header (0 no error, 3 NXDOMAIN ...)
 * @param queryName the first question's name, lower case, escaped (see {@link PacketText}),
 *                  {@code "."} for the root; null when the message has no question (mDNS answers)
 * @param queryType the first question's type (1 A, 28 AAAA, 12 PTR ...), 0 when there is none
 * @param answers   the A, AAAA and CNAME answers in message order, at most
 *                  {@value DnsParser#MAX_ANSWERS}; other types are left out
 */
public record DnsMessage(int id, boolean response, int rcode, String queryName, int queryType,
                         List<DnsAnswer> answers) {

    public DnsMessage {
        if (id < 0 || id > 0xffff || rcode < 0 || rcode > 15 || queryType < 0 || queryType > 0xffff) {
            throw new IllegalArgumentException("id and query type are 16-bit, rcode 4-bit: " + id + ", " + rcode
                    + ", " + queryType);
        }
        answers = answers == null ? List.of() : List.copyOf(answers);
        if (answers.size() > DnsParser.MAX_ANSWERS) {
            throw new IllegalArgumentException("at most " + DnsParser.MAX_ANSWERS + " answers are kept");
        }
    }
}

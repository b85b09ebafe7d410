package org.connwatch.lab;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the lab DNS server's reading of datagrams: whatever arrives on port 53, reading its
 * question or its answers either gives names that are escaped and bounded, or raises an
 * {@link IllegalArgumentException} with a reason; never another exception. The server's reply to
 * any question it read is itself a readable message.
 *
 * <p>A normal test run replays the seeds in
 * {@code src/test/resources/org/connwatch/lab/DnsMessageFuzzTestInputs/anyDatagram/}. To fuzz (in a
 * copy of the tree, so that Jazzer's corpus writes stay out of the repo):
 * <pre>
 *   JAZZER_FUZZ=1 ./mvnw test -Dtest='DnsMessageFuzzTest#anyDatagram'
 * </pre>
 */
class DnsMessageFuzzTest {
    /** A name of 255 bytes, every one escaped as {@code \xNN}, is the longest text. */
    private static final int MAX_NAME_TEXT = 255 * 4;

    @FuzzTest(maxDuration = "60s")
    void anyDatagram(byte[] input) {
        try {
            DnsMessage.Question q = DnsMessage.question(input, input.length);
            checkName(q.name());
            require(q.end() <= input.length && q.end() > DnsMessage.HEADER, "the question ends inside: " + q.end());
            byte[] reply = DnsMessage.reply(input, q, DnsMessage.NOERROR, new byte[] {10, 77, 0, 30});
            try {
                DnsMessage.readReply(reply, reply.length);
            } catch (IllegalArgumentException e) {
                // a question whose pointer reached into the header reads differently in the reply
                require(e.getMessage() != null, "a reason");
            }
        } catch (IllegalArgumentException e) {
            require(e.getMessage() != null && !e.getMessage().isEmpty(), "a reason");
        }
        try {
            DnsMessage.Reply r = DnsMessage.readReply(input, input.length);
            require(r.addresses().size() <= 64, "at most 64 answers: " + r.addresses().size());
            if (r.name() != null) {
                checkName(r.name());
            }
        } catch (IllegalArgumentException e) {
            require(e.getMessage() != null && !e.getMessage().isEmpty(), "a reason");
        }
    }

    private static void checkName(String name) {
        require(name.length() <= MAX_NAME_TEXT, "a bounded name: " + name.length());
        require(name.chars().allMatch(c -> c >= 0x21 && c < 0x7F), "a printable name: " + name);
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("broken invariant: " + what);
        }
    }
}

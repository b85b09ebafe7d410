package org.connwatch.source.capture.live;

/**
 * What a live capture has counted since it was opened: the kernel's own counts (from
 * {@code PACKET_STATISTICS}) and what the capture loop did with the packets it was given.
 *
 * <p>{@code received} counts every packet the kernel's filter accepted for the socket, those it
 * then had to drop included; {@code dropped} those it dropped because the ring was full (the
 * capture fell behind); {@code ringFreezes} how often the ring filled up. The loop's counts add
 * up as {@code delivered + loopbackDuplicates + unsupportedLink + malformed} = the packets read
 * from the ring, which is {@code received - dropped} once the loop has caught up.
 *
 * @param received            packets the kernel accepted for this capture
 * @param dropped             of those, packets dropped because the ring was full
 * @param ringFreezes         times the ring was full ({@code tp_freeze_q_cnt})
 * @param delivered           packets handed to the sink
 * @param loopbackDuplicates  outgoing copies on a loopback interface, skipped because the same
 *                            packet is seen again as it comes in (as libpcap does)
 * @param unsupportedLink     packets of interfaces whose hardware type connwatch cannot decode
 * @param malformed           packets skipped because the ring held an inconsistent header (never
 *                            expected from a sound kernel; the rest of that block is skipped too)
 * @param vlanTagsRestored    802.1Q/802.1ad tags the kernel had taken off and the capture put back
 */
public record CaptureStatistics(long received, long dropped, long ringFreezes, long delivered,
                                long loopbackDuplicates, long unsupportedLink, long malformed, long vlanTagsRestored) {

    /** One line for logs: {@code received 120, dropped 0 (ring full 0 times), delivered 118, ...}. */
    public String summary() {
        StringBuilder b = new StringBuilder()
                .append("received ").append(received)
                .append(", dropped ").append(dropped)
                .append(" (ring full ").append(ringFreezes).append(" times)")
                .append(", delivered ").append(delivered);
        if (loopbackDuplicates > 0) {
            b.append(", loopback duplicates skipped ").append(loopbackDuplicates);
        }
        if (unsupportedLink > 0) {
            b.append(", unsupported link type ").append(unsupportedLink);
        }
        if (malformed > 0) {
            b.append(", malformed ").append(malformed);
        }
        return b.toString();
    }
}

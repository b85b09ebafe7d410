/**
 * Live packet capture on Linux through the FFM API, with no JNI and no libpcap in the packet
 * path: {@link org.connwatch.source.capture.live.LiveCapture} reads an {@code AF_PACKET}
 * {@code TPACKET_V3} ring shared with the kernel and hands each packet, where it lies, to a
 * {@link org.connwatch.source.capture.PacketSink}; {@link org.connwatch.source.capture.live.BpfCompiler}
 * compiles tcpdump filter expressions with libpcap's compiler (the only libpcap use) into classic
 * BPF that the kernel runs before a packet reaches the ring.
 *
 * <p>Opening a capture needs {@code CAP_NET_RAW}
 * ({@link org.connwatch.source.capture.live.CapturePermissionException} says so in one line).
 * {@link org.connwatch.source.capture.live.LiveCapture#isAvailable()} and
 * {@link org.connwatch.source.capture.live.BpfCompiler#isAvailable()} are the availability probes.
 */
package org.connwatch.source.capture.live;

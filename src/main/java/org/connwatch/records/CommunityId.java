package org.connwatch.records;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * The Community ID flow hash, version 1 ({@code network.community_id}): the same value for the
 * same 5-tuple whichever sensor saw it and whichever end it saw as the initiator.
 *
 * <p>Computed as SHA-1 over: seed (2 bytes, big-endian), the two addresses and ports ordered so
 * the smaller (address, port) comes first, the IP protocol number and a zero pad byte; the
 * result is "1:" followed by the base64 of the digest.
 *
 * <p>Not thread-safe (it reuses one digest): give each thread its own instance.
 */
public final class CommunityId {
    private final short seed;
    private final MessageDigest sha1 = sha1();

    public CommunityId(int seed) {
        if (seed < 0 || seed > 0xffff) {
            throw new IllegalArgumentException("community id seed is 16 bits: " + seed);
        }
        this.seed = (short) seed;
    }

    /** A new hasher with the same seed, for another thread. */
    public CommunityId copy() {
        return new CommunityId(Short.toUnsignedInt(seed));
    }

    /** The hash of a connection; empty for a listener (no peer) or when the families differ. */
    public Optional<String> of(Connection c) {
        if (c.direction() == Direction.LISTENING || c.remote().isWildcard()) {
            return Optional.empty();
        }
        Endpoint src = c.source().orElseThrow();
        return of(c.transport(), src, c.destination());
    }

    /** The hash of a 5-tuple for a port-based transport (TCP, UDP, SCTP). */
    public Optional<String> of(Transport transport, Endpoint src, Endpoint dst) {
        if (transport != Transport.TCP && transport != Transport.UDP && transport != Transport.SCTP) {
            return Optional.empty();
        }
        byte[] a = src.address().getAddress();
        byte[] b = dst.address().getAddress();
        if (a.length != b.length) {
            return Optional.empty();
        }
        int order = Arrays.compareUnsigned(a, b);
        boolean swap = order > 0 || (order == 0 && src.port() > dst.port());
        ByteBuffer buf = ByteBuffer.allocate(2 + 2 * a.length + 2 + 4);
        buf.putShort(seed);
        buf.put(swap ? b : a).put(swap ? a : b);
        buf.put((byte) transport.protocolNumber()).put((byte) 0);
        buf.putShort((short) (swap ? dst.port() : src.port()));
        buf.putShort((short) (swap ? src.port() : dst.port()));
        return Optional.of("1:" + Base64.getEncoder().encodeToString(sha1.digest(buf.array())));
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }

    /** Convenience for tests: the hash of a TCP/UDP tuple given as literals. */
    static Optional<String> of(Transport t, InetAddress src, int sport, InetAddress dst, int dport) {
        return new CommunityId(0).of(t, new Endpoint(src, sport), new Endpoint(dst, dport));
    }
}

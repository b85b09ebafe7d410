package org.connwatch.source.capture.flow;

/** An address in the {@link IpBits} encoding, as a map key. */
record IpKey(long hi, long lo) {
}

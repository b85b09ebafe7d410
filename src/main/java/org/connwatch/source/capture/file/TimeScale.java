package org.connwatch.source.capture.file;

/**
 * Turns the timestamps of a pcapng interface into nanoseconds since 1970: a count of units whose
 * size {@code if_tsresol} gives (10^-n or 2^-n seconds, microseconds when absent), plus
 * {@code if_tsoffset} seconds. A scale is three numbers (kind, factor, offset) kept in the
 * interface table's arrays, so converting a packet's time makes no object.
 */
final class TimeScale {
    /** Units are 10^-n s with n <= 9: multiply by 10^(9-n). The factor is that power of ten. */
    static final byte MULTIPLY = 0;
    /** Units are 10^-n s with n > 9: divide by 10^(n-9). The factor is that power of ten. */
    static final byte DIVIDE = 1;
    /** Units are 2^-n s: multiply by 10^9, shift right by n (in 128 bits). The factor is n. */
    static final byte BINARY = 2;
    /** Returned when the time does not fit in a long of nanoseconds. */
    static final long OUT_OF_RANGE = Long.MIN_VALUE;
    /** if_tsresol when absent: 10^-6 s. */
    static final int MICROSECONDS = 6;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** The largest n of 10^-n seconds that is kept: 10^(27-9) still fits in a long. */
    private static final int MAX_DECIMAL_EXPONENT = 27;

    private TimeScale() {
    }

    /** True when an if_tsresol byte can be used. */
    static boolean usable(int tsresol) {
        return (tsresol & 0x80) != 0 || tsresol <= MAX_DECIMAL_EXPONENT;
    }

    /** The kind for a usable if_tsresol byte. */
    static byte kind(int tsresol) {
        if ((tsresol & 0x80) != 0) {
            return BINARY;
        }
        return tsresol <= 9 ? MULTIPLY : DIVIDE;
    }

    /** The factor for a usable if_tsresol byte. */
    static long factor(int tsresol) {
        if ((tsresol & 0x80) != 0) {
            return tsresol & 0x7f;
        }
        return tsresol <= 9 ? powerOfTen(9 - tsresol) : powerOfTen(tsresol - 9);
    }

    /** if_tsoffset seconds as nanoseconds, or {@link #OUT_OF_RANGE} when they do not fit. */
    static long offsetNanos(long seconds) {
        long high = Math.multiplyHigh(seconds, NANOS_PER_SECOND);
        long low = seconds * NANOS_PER_SECOND;
        return (high == 0 && low >= 0) || (high == -1 && low < 0) ? low : OUT_OF_RANGE;
    }

    /**
     * A time in nanoseconds since 1970.
     *
     * @param units  the 64-bit timestamp of the packet, unsigned
     * @param kind   {@link #MULTIPLY}, {@link #DIVIDE} or {@link #BINARY}
     * @param factor what goes with the kind
     * @param offset the interface's offset in nanoseconds
     * @return the time, or {@link #OUT_OF_RANGE}
     */
    static long toNanos(long units, byte kind, long factor, long offset) {
        long nanos;
        if (kind == MULTIPLY) {
            if (Long.compareUnsigned(units, Long.MAX_VALUE / factor) > 0) {
                return OUT_OF_RANGE;
            }
            nanos = units * factor;
        } else if (kind == DIVIDE) {
            nanos = Long.divideUnsigned(units, factor);
        } else {
            nanos = binary(units, (int) factor);
            if (nanos == OUT_OF_RANGE) {
                return OUT_OF_RANGE;
            }
        }
        long sum = nanos + offset;
        // nanos >= 0 here, so the sum can overflow only upwards, with a positive offset.
        return offset > 0 && sum < 0 ? OUT_OF_RANGE : sum;
    }

    /** units * 10^9 / 2^shift in 128 bits, or OUT_OF_RANGE when it is 2^63 or more. */
    private static long binary(long units, int shift) {
        long high = Math.unsignedMultiplyHigh(units, NANOS_PER_SECOND);
        long low = units * NANOS_PER_SECOND;
        long result;
        if (shift == 0) {
            result = high == 0 ? low : -1;
        } else if (shift < 64) {
            result = (high >>> shift) == 0 ? (low >>> shift) | (high << (64 - shift)) : -1;
        } else {
            result = high >>> (shift - 64);
        }
        return result < 0 ? OUT_OF_RANGE : result;
    }

    private static long powerOfTen(int n) {
        long p = 1;
        for (int i = 0; i < n; i++) {
            p *= 10;
        }
        return p;
    }
}

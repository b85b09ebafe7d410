package org.connwatch.present;

/** Byte counts in human units: {@code 512 B}, {@code 1.5 KiB}, {@code 3.2 MiB}; {@code -} when unknown. */
public final class HumanBytes {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private HumanBytes() {
    }

    public static String format(long bytes) {
        if (bytes < 0) {
            return "-";
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        double v = bytes;
        int unit = 0;
        while (v >= 1024 && unit < UNITS.length - 1) {
            v /= 1024;
            unit++;
        }
        // Decide on the rounded value: 1048575 B is 1023.9990 KiB, which prints as "1.0 MiB" (not
        // "1024 KiB"), and 102399 B is 99.999 KiB, which prints as "100 KiB" (not "100.0 KiB").
        if (v >= 1023.5 && unit < UNITS.length - 1) {
            v /= 1024;
            unit++;
        }
        if (v >= 99.95) {
            return Math.round(v) + " " + UNITS[unit];
        }
        long tenths = Math.round(v * 10); // half-up, as %.1f rounds a value this size
        return tenths / 10 + "." + tenths % 10 + " " + UNITS[unit];
    }
}

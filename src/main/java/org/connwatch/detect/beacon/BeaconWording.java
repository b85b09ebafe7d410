package org.connwatch.detect.beacon;

import java.util.Locale;

/** How beacon reasons write counts, durations and sizes ("2.9 s", "1.2 KB"). */
final class BeaconWording {
    private BeaconWording() {
    }

    static String describeCount(int connections) {
        return connections == 0 ? "No connections" : connections + (connections == 1 ? " connection" : " connections");
    }

    static String fixed(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String range(long min, long max, java.util.function.LongFunction<String> format) {
        String a = format.apply(min);
        String b = format.apply(max);
        if (a.equals(b)) {
            return a;
        }
        String[] pa = a.split(" ");
        String[] pb = b.split(" ");
        if (pa.length == 2 && pb.length == 2 && pa[1].equals(pb[1])) {
            return pa[0] + "–" + b;
        }
        return a + "–" + b;
    }

    /** A duration in plain units: "850 ms", "2.9 s", "60 s", "4.5 min", "2.0 h", "3.0 days". */
    static String duration(long millis) {
        if (millis < 1000) {
            return millis + " ms";
        }
        double s = millis / 1000.0;
        if (s < 10) {
            return one(s) + " s";
        }
        if (s < 100) {
            return Math.round(s) + " s";
        }
        double min = s / 60;
        if (min < 100) {
            return (min < 10 ? one(min) : Long.toString(Math.round(min))) + " min";
        }
        double h = min / 60;
        if (h < 48) {
            return (h < 10 ? one(h) : Long.toString(Math.round(h))) + " h";
        }
        return one(h / 24) + " days";
    }

    /** A size in plain units: "0 B", "812 B", "1.2 KB", "45 KB", "3.4 MB" (1 KB = 1000 bytes). */
    static String size(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = bytes;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return (v < 10 ? one(v) : Long.toString(Math.round(v))) + " " + units[u];
    }

    static String one(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}

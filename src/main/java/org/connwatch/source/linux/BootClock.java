package org.connwatch.source.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** Turns the kernel's "clock ticks since boot" into wall-clock instants. Immutable. */
final class BootClock {
    private final long bootEpochSecond;
    private final long ticksPerSecond;

    BootClock(long bootEpochSecond, long ticksPerSecond) {
        if (ticksPerSecond <= 0) {
            throw new IllegalArgumentException("ticks per second must be positive: " + ticksPerSecond);
        }
        this.bootEpochSecond = bootEpochSecond;
        this.ticksPerSecond = ticksPerSecond;
    }

    /** Reads the boot time from {@code /proc/stat} ("btime") and the tick rate from sysconf (100 if unknown). */
    static BootClock read(Path proc) {
        long btime = -1;
        try {
            for (String line : Files.readAllLines(proc.resolve("stat"))) {
                if (line.startsWith("btime ")) {
                    btime = Long.parseLong(line.substring(6).strip());
                    break;
                }
            }
        } catch (IOException | NumberFormatException e) {
            btime = -1;
        }
        long tck = Libc.isAvailable() ? Libc.sysconf(Libc.SC_CLK_TCK) : -1;
        return new BootClock(btime, tck > 0 ? tck : 100);
    }

    /** The instant of a tick count, or null when the boot time is unknown. */
    Instant at(long ticks) {
        if (bootEpochSecond < 0) {
            return null;
        }
        long nanos = (ticks % ticksPerSecond) * 1_000_000_000L / ticksPerSecond;
        return Instant.ofEpochSecond(bootEpochSecond + ticks / ticksPerSecond, nanos);
    }
}

package org.connwatch.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Whether labs can be built on this machine: Linux, root, {@code ip}, and the kernel (or a
 * sandbox) allowing network namespaces, bridges and veth pairs, found by building a throw-away
 * namespace with a bridge and a veth pair in it. {@link Lab#availability()} asks once and keeps
 * the answer.
 */
final class LabAvailability {
    private LabAvailability() {
    }

    /** Checks now; removes the throw-away namespace whatever happens. */
    static Lab.Availability probe() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return new Lab.Availability(false, "not Linux (" + System.getProperty("os.name") + ")");
        }
        long uid = effectiveUid();
        if (uid != 0) {
            return new Lab.Availability(false, "not root (uid " + uid + "): network namespaces need root");
        }
        if (Lab.ipCommand().isEmpty()) {
            return new Lab.Availability(false, "no 'ip' command (Debian package iproute2)");
        }
        if (!Files.isExecutable(Lab.javaBinary())) {
            return new Lab.Availability(false, "no java binary at " + Lab.javaBinary());
        }
        Lab.removeStale();
        String ns = Lab.PREFIX + ProcessHandle.current().pid() + "-probe";
        try {
            Lab.ExecResult add = Lab.ip("netns", "add", ns);
            if (!add.ok()) {
                return new Lab.Availability(false, "'ip netns add' refused: " + add.stderr().strip());
            }
            Lab.ExecResult bridge = Lab.ip("-n", ns, "link", "add", Lab.BRIDGE, "type", "bridge");
            if (!bridge.ok()) {
                return new Lab.Availability(false, "creating a bridge refused: " + bridge.stderr().strip());
            }
            Lab.ExecResult veth = Lab.ip("-n", ns, "link", "add", "cwv0", "type", "veth", "peer", "name", "cwv1");
            if (!veth.ok()) {
                return new Lab.Availability(false, "creating a veth pair refused: " + veth.stderr().strip());
            }
            Lab.ExecResult exec = Lab.ip("netns", "exec", ns, Lab.ipCommand().get(), "-o", "link");
            if (!exec.ok()) {
                return new Lab.Availability(false, "'ip netns exec' refused: " + exec.stderr().strip());
            }
            return new Lab.Availability(true, "");
        } catch (IOException e) {
            return new Lab.Availability(false, "running ip failed: " + e.getMessage());
        } finally {
            try {
                Lab.ip("netns", "del", ns);
            } catch (IOException e) {
                // reported by the next run's stale removal
            }
        }
    }

    private static long effectiveUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Long.parseLong(line.split("\\s+")[2]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return -1;
    }
}

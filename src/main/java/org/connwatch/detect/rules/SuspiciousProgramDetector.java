package org.connwatch.detect.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.connwatch.detect.Detector;
import org.connwatch.detect.Finding;
import org.connwatch.detect.Phrases;
import org.connwatch.detect.Severity;
import org.connwatch.records.Connection;
import org.connwatch.records.ProcessInfo;

/**
 * {@code suspicious-program}: a program with network sockets whose executable was deleted while it
 * runs (malware removes its file after starting), or runs from a world-writable place such as
 * /tmp, /dev/shm or /var/tmp (where a download or a dropper puts it). One finding per program,
 * about all of its connections.
 *
 * @param writablePlaces folders (with a trailing '/') whose programs are suspect
 */
public record SuspiciousProgramDetector(List<String> writablePlaces) implements Detector {
    public static final String ID = "suspicious-program";

    public static SuspiciousProgramDetector defaults() {
        return new SuspiciousProgramDetector(List.of("/tmp/", "/dev/shm/", "/var/tmp/", "/run/user/"));
    }

    public SuspiciousProgramDetector {
        writablePlaces = List.copyOf(writablePlaces);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "programs running from a deleted executable or from a world-writable folder (/tmp, /dev/shm ...)";
    }

    @Override
    public List<Finding> detect(List<Connection> connections) {
        Map<String, List<Connection>> byProgram = new LinkedHashMap<>();
        for (Connection c : connections) {
            ProcessInfo p = c.process();
            if (p != null && p.executable() != null && (p.executableDeleted() || place(p).isPresent())) {
                byProgram.computeIfAbsent(p.pid() + "@" + p.start(), k -> new ArrayList<>()).add(c);
            }
        }
        List<Finding> out = new ArrayList<>();
        for (List<Connection> cs : byProgram.values()) {
            Connection first = cs.get(0);
            ProcessInfo p = first.process();
            String place = place(p).orElse(null);
            String what = p.executableDeleted() && place != null
                    ? "runs from " + p.executable() + " in " + place + ", and that file was deleted after it started"
                    : p.executableDeleted() ? "runs from " + p.executable() + ", which was deleted after it started"
                    : "runs from " + p.executable() + " in the world-writable " + place;
            String sockets = cs.size() == 1
                    ? "a socket " + (first.state().isListening() ? "listening on " + first.local()
                            : "to " + Phrases.remote(first))
                    : cs.size() + " sockets";
            boolean both = p.executableDeleted() && place != null;
            Connection last = cs.stream().max(java.util.Comparator.comparing(Connection::lastSeen)).orElseThrow();
            out.add(new Finding(ID, both ? Severity.CRITICAL : Severity.HIGH, both ? 95 : 80,
                    Phrases.program(first) + " " + what + "; it has " + sockets, cs, last.lastSeen()));
        }
        return out;
    }

    private Optional<String> place(ProcessInfo p) {
        return writablePlaces.stream().filter(p.executable()::startsWith).findFirst();
    }
}

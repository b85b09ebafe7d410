package org.connwatch.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** What a policy does, in a few plain lines (the output of {@code connwatch policy check}). */
public final class PolicySummary {
    private PolicySummary() {
    }

    /** The lines: hosts by role, roles changed, rules in order, detectors switched off or tuned. */
    public static List<String> lines(Policy policy) {
        List<String> out = new ArrayList<>();
        Map<String, Long> byRole = new LinkedHashMap<>();
        policy.inventory().forEach(e -> byRole.merge(e.role(), 1L, Long::sum));
        out.add("inventory: " + count(policy.inventory().size(), "host")
                + (byRole.isEmpty() ? "" : " (" + byRole.entrySet().stream()
                        .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", ")) + ")")
                + "; other hosts have the role " + policy.defaultRole());
        Map<String, Role> builtin = BuiltinRoles.all();
        List<String> changed = policy.roles().values().stream()
                .filter(r -> builtin.containsKey(r.name()) && !builtin.get(r.name()).equals(r))
                .map(Role::name).toList();
        List<String> added = policy.roles().keySet().stream().filter(n -> !builtin.containsKey(n)).toList();
        out.add("roles: " + builtin.size() + " built in" + (changed.isEmpty() ? "" : ", changed: "
                + String.join(", ", changed)) + (added.isEmpty() ? "" : ", added: " + String.join(", ", added)));
        for (String name : added.isEmpty() && changed.isEmpty() ? List.<String>of() : concat(changed, added)) {
            Role r = policy.roles().get(name);
            out.add("  " + name + ": outbound " + r.outbound() + "; inbound " + r.inbound()
                    + (r.sendsMail() ? "; sends mail" : ""));
        }
        out.add(policy.rules().isEmpty() ? "rules: none"
                : "rules: " + policy.rules().size() + ", tried in this order, the first that matches decides:");
        int n = 1;
        for (Rule r : policy.rules()) {
            out.add("  " + n++ + ". " + r.action().label() + " " + r.id() + " when " + r.describe()
                    + r.reasonText().map(s -> " (" + s + ")").orElse(""));
        }
        out.add("detectors: " + detectors(policy.detectors()));
        return out;
    }

    private static String detectors(DetectorSettings d) {
        DetectorSettings def = DetectorSettings.defaults();
        List<String> off = new ArrayList<>();
        List<String> tuned = new ArrayList<>();
        List<DetectorSettings.Toggle> now = d.all();
        List<DetectorSettings.Toggle> was = def.all();
        for (int i = 0; i < now.size(); i++) {
            DetectorSettings.Toggle t = now.get(i);
            if (!t.enabled()) {
                off.add(t.id());
            } else if (!t.equals(was.get(i))) {
                tuned.add(t.id() + " (" + tuning(t) + ")");
            }
        }
        if (off.isEmpty() && tuned.isEmpty()) {
            return "all on, with their default settings";
        }
        return (off.isEmpty() ? "" : "switched off: " + String.join(", ", off))
                + (off.isEmpty() || tuned.isEmpty() ? "" : "; ")
                + (tuned.isEmpty() ? "" : "tuned: " + String.join(", ", tuned))
                + "; the others on with their defaults";
    }

    private static String tuning(DetectorSettings.Toggle t) {
        return switch (t) {
            case DetectorSettings.UnusualPort u -> "usual tcp ports " + sorted(u.usualTcp()) + ", udp "
                    + sorted(u.usualUdp());
            case DetectorSettings.HighTx h -> "sent " + Quantities.formatSize(h.sentBytes()) + ", or "
                    + Quantities.formatSize(h.ratioMinBytes()) + " at " + h.ratio() + " times what came back";
            case DetectorSettings.LongConnection l -> "threshold " + Quantities.formatDuration(l.threshold());
            case DetectorSettings.SmtpNotMailserver s -> "mail programs " + sorted(s.mailPrograms());
            case DetectorSettings.SuspiciousProgram p -> "places " + String.join(" ", p.writablePlaces());
            case DetectorSettings.Beacon b -> "threshold " + b.settings().threshold() + ", at least "
                    + b.settings().minConnections() + " check-ins, jitter " + b.settings().jitterTolerance();
            case DetectorSettings.Blocklist k -> k.files().size() + " list file(s)";
            case DetectorSettings.TrafficPeak p -> p.factor() + " times the usual volume, at least "
                    + Quantities.formatSize(p.minBytesPerHour()) + " an hour";
            case DetectorSettings.Plain p -> "on";
        };
    }

    private static String sorted(java.util.Collection<?> values) {
        return values.stream().map(Object::toString).sorted(PolicySummary::natural).collect(Collectors.joining(" "));
    }

    private static int natural(String a, String b) {
        return a.length() != b.length() && a.chars().allMatch(Character::isDigit) && b.chars().allMatch(Character::isDigit)
                ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static String count(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}

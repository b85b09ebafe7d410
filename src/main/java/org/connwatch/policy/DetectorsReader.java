package org.connwatch.policy;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.connwatch.detect.beacon.BeaconSettings;
import org.connwatch.records.Transport;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads the {@code detectors:} section: per detector id, {@code true}/{@code false} to switch it on or
 * off, or a mapping of {@code enabled} and its parameters.
 */
final class DetectorsReader {
    private static final Map<String, List<String>> KEYS = Map.ofEntries(
            Map.entry("unusual-port", List.of("enabled", "tcp-ports", "udp-ports")),
            Map.entry("high-tx", List.of("enabled", "sent", "ratio-min", "ratio")),
            Map.entry("long-connection", List.of("enabled", "threshold")),
            Map.entry("smtp-not-mailserver", List.of("enabled", "programs")),
            Map.entry("suspicious-program", List.of("enabled", "places")),
            Map.entry("beacon", List.of("enabled", "threshold", "min-connections", "jitter")),
            Map.entry("blocklist", List.of("enabled", "files")),
            Map.entry("traffic-peak", List.of("enabled", "factor", "min-bytes")),
            Map.entry("role-violation", List.of("enabled")),
            Map.entry("unexpected-inbound", List.of("enabled")),
            Map.entry("new-destination", List.of("enabled")),
            Map.entry("new-listener", List.of("enabled")),
            Map.entry("unknown-program", List.of("enabled")),
            Map.entry("changed-executable", List.of("enabled")));

    private final YamlTree tree;
    private final PortSpecs ports;

    DetectorsReader(YamlTree tree, PortSpecs ports) {
        this.tree = tree;
        this.ports = ports;
    }

    DetectorSettings read(Node node) {
        DetectorSettings d = DetectorSettings.defaults();
        List<String> ids = d.all().stream().map(DetectorSettings.Toggle::id).toList();
        Optional<Map<String, YamlTree.Entry>> map = tree.mapping(node, "detectors", ids);
        if (map.isEmpty()) {
            return d;
        }
        var u = d.unusualPort();
        var h = d.highTx();
        var l = d.longConnection();
        var s = d.smtpNotMailserver();
        var p = d.suspiciousProgram();
        var b = d.beacon();
        var k = d.blocklist();
        var t = d.trafficPeak();
        Map<String, Boolean> plain = new java.util.LinkedHashMap<>();
        d.plain().forEach(x -> plain.put(x.id(), x.enabled()));
        for (var e : map.get().entrySet()) {
            String id = e.getKey();
            String field = "detectors." + id;
            Node value = e.getValue().value();
            Optional<Map<String, YamlTree.Entry>> keys = YamlTree.isBool(value) ? Optional.of(Map.of())
                    : tree.mapping(value, field, KEYS.get(id));
            if (keys.isEmpty()) {
                continue;
            }
            Settings x = new Settings(keys.get(), field);
            boolean on = YamlTree.isBool(value) ? tree.bool(value, field).orElse(true)
                    : x.get("enabled", n -> tree.bool(n, field + ".enabled")).orElse(true);
            switch (id) {
                case "unusual-port" -> u = new DetectorSettings.UnusualPort(on,
                        x.get("tcp-ports", n -> portNumbers(n, field + ".tcp-ports", Transport.TCP)).orElse(u.usualTcp()),
                        x.get("udp-ports", n -> portNumbers(n, field + ".udp-ports", Transport.UDP)).orElse(u.usualUdp()));
                case "high-tx" -> h = new DetectorSettings.HighTx(on,
                        x.get("sent", n -> parse(n, field + ".sent", Quantities::size, v -> v > 0)).orElse(h.sentBytes()),
                        x.get("ratio-min", n -> parse(n, field + ".ratio-min", Quantities::size, v -> v > 0))
                                .orElse(h.ratioMinBytes()),
                        x.get("ratio", n -> parse(n, field + ".ratio", DetectorsReader::number, v -> v > 1))
                                .orElse(h.ratio()));
                case "long-connection" -> l = new DetectorSettings.LongConnection(on,
                        x.get("threshold", n -> parse(n, field + ".threshold", Quantities::duration,
                                v -> !v.isZero())).orElse(l.threshold()));
                case "smtp-not-mailserver" -> s = new DetectorSettings.SmtpNotMailserver(on,
                        x.get("programs", n -> strings(n, field + ".programs").map(Set::copyOf)).orElse(s.mailPrograms()));
                case "suspicious-program" -> p = new DetectorSettings.SuspiciousProgram(on,
                        x.get("places", n -> places(n, field + ".places")).orElse(p.writablePlaces()));
                case "beacon" -> b = new DetectorSettings.Beacon(on, beacon(x, field, b.settings()));
                case "blocklist" -> k = new DetectorSettings.Blocklist(on,
                        x.get("files", n -> files(n, field + ".files")).orElse(k.files()));
                case "traffic-peak" -> t = new DetectorSettings.TrafficPeak(on,
                        x.get("factor", n -> parse(n, field + ".factor", DetectorsReader::number, v -> v > 1))
                                .orElse(t.factor()),
                        x.get("min-bytes", n -> parse(n, field + ".min-bytes", Quantities::size, v -> v > 0))
                                .orElse(t.minBytesPerHour()));
                default -> plain.put(id, on);
            }
        }
        return new DetectorSettings(u, h, l, s, p, b, k, t,
                plain.entrySet().stream().map(en -> new DetectorSettings.Plain(en.getKey(), en.getValue())).toList());
    }

    /** The keys of one detector's mapping. */
    private record Settings(Map<String, YamlTree.Entry> keys, String field) {
        <T> Optional<T> get(String key, Function<Node, Optional<T>> read) {
            return Optional.ofNullable(keys.get(key)).flatMap(e -> read.apply(e.value()));
        }
    }

    private BeaconSettings beacon(Settings x, String field, BeaconSettings base) {
        BeaconSettings out = base;
        Optional<Double> threshold = x.get("threshold", n -> parse(n, field + ".threshold", DetectorsReader::number,
                v -> v > 0 && v <= 1));
        Optional<Long> min = x.get("min-connections", n -> parse(n, field + ".min-connections", Long::parseLong,
                v -> v >= 3 && v <= 1_000_000));
        Optional<Double> jitter = x.get("jitter", n -> parse(n, field + ".jitter", DetectorsReader::number,
                v -> v > 0 && v < 0.5));
        if (threshold.isPresent()) {
            out = out.withThreshold(threshold.get());
        }
        if (min.isPresent()) {
            out = out.withMinConnections(min.get().intValue());
        }
        if (jitter.isPresent()) {
            out = out.withJitterTolerance(jitter.get());
        }
        return out;
    }

    private <T> Optional<T> parse(Node n, String field, Function<String, T> parse, java.util.function.Predicate<T> ok) {
        return tree.scalar(n, field).flatMap(text -> {
            try {
                T v = parse.apply(text.strip());
                if (ok.test(v)) {
                    return Optional.of(v);
                }
                tree.problem(n, field, "'" + text + "' is out of range" + range(field));
            } catch (IllegalArgumentException e) {
                tree.problem(n, field, e instanceof NumberFormatException ? "'" + text + "' is not a number"
                        : e.getMessage());
            }
            return Optional.empty();
        });
    }

    private static String range(String field) {
        if (field.endsWith("high-tx.ratio")) {
            return ": it must be above 1";
        }
        if (field.endsWith("beacon.threshold")) {
            return ": it must be above 0 and at most 1";
        }
        if (field.endsWith("jitter")) {
            return ": it must be between 0 and 0.5";
        }
        if (field.endsWith("min-connections")) {
            return ": it must be at least 3";
        }
        return ": it must be more than zero";
    }

    private static double number(String text) {
        double v = Double.parseDouble(text);
        if (!Double.isFinite(v)) {
            throw new NumberFormatException(text);
        }
        return v;
    }

    private Optional<Set<Integer>> portNumbers(Node n, String field, Transport transport) {
        Set<Integer> out = new HashSet<>();
        boolean ok = true;
        for (Node item : tree.list(n, field)) {
            Optional<String> text = tree.scalar(item, field);
            if (text.isEmpty()) {
                ok = false;
                continue;
            }
            try {
                for (PortRange r : ports.parse(text.get())) {
                    if (r.transport() != null && r.transport() != transport || r.to() - r.from() > 1024) {
                        throw new IllegalArgumentException("'" + text.get() + "' is not a " + transport.label()
                                + " port or a range of at most 1024 ports");
                    }
                    for (int port = r.from(); port <= r.to(); port++) {
                        out.add(port);
                    }
                }
            } catch (IllegalArgumentException e) {
                tree.problem(item, field, e.getMessage());
                ok = false;
            }
        }
        return ok ? Optional.of(out) : Optional.empty();
    }

    private Optional<List<String>> strings(Node n, String field) {
        List<String> out = new ArrayList<>();
        boolean ok = true;
        for (Node item : tree.list(n, field)) {
            Optional<String> s = tree.scalar(item, field);
            s.ifPresent(out::add);
            ok &= s.isPresent();
        }
        return ok ? Optional.of(out) : Optional.empty();
    }

    private Optional<List<String>> places(Node n, String field) {
        Optional<List<String>> list = strings(n, field);
        if (list.isEmpty()) {
            return list;
        }
        List<String> out = new ArrayList<>();
        for (String place : list.get()) {
            if (!place.startsWith("/")) {
                tree.problem(n, field, "'" + place + "' is not an absolute folder (it must start with /)");
                return Optional.empty();
            }
            out.add(place.endsWith("/") ? place : place + "/");
        }
        return Optional.of(out);
    }

    private Optional<List<Path>> files(Node n, String field) {
        List<Path> out = new ArrayList<>();
        boolean ok = true;
        Path base = tree.file().toAbsolutePath().getParent();
        for (Node item : tree.list(n, field)) {
            Optional<String> s = tree.scalar(item, field);
            if (s.isEmpty()) {
                ok = false;
                continue;
            }
            try {
                Path p = base == null ? Path.of(s.get()) : base.resolve(s.get());
                if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
                    tree.problem(item, field, "cannot read the block list " + p);
                    ok = false;
                } else {
                    out.add(p);
                }
            } catch (InvalidPathException e) {
                tree.problem(item, field, "'" + s.get() + "' is not a file name");
                ok = false;
            }
        }
        return ok ? Optional.of(out) : Optional.empty();
    }
}

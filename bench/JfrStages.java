// Where a `connwatch ls` or `connwatch analyze` run spends its CPU, from JFR recordings: each sample is
// put in the first stage (most specific first) whose marker frame is on its stack. Used by
// bench/run-ls-benchmark (the `ls` stages, the default) and bench/run-capture-benchmark (`--stages capture`).
//
//   java -XX:StartFlightRecording:jdk.CPUTimeSample#enabled=true,jdk.CPUTimeSample#throttle=1ms,filename=ls.jfr \
//       ... -jar target/connwatch.jar ls --format json >/dev/null
//   java bench/JfrStages.java [--stages ls|capture] ls.jfr [more.jfr...]
//
// Uses jdk.CPUTimeSample (JDK 25, Linux: CPU-time sampling of Java threads) when the recordings
// have it, else jdk.ExecutionSample. Prints one line per stage: "stage <percent> <name>", the
// ten hottest top frames, and what the recordings hold of the threads that are not sampled:
// "gc <pauses> <ms>" (jdk.GarbageCollection, summed over the recordings) and "jit <compilations> <ms>"
// (jdk.Compilation events, recorded only above their threshold: pass jdk.Compilation#threshold=0ms).
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

public final class JfrStages {
    /** Stage name, then marker frames (parts of "package.Class.method"); the first stage that matches wins. */
    private static final String[][] LS_STAGES = {
        {"snapshot: netlink sock_diag dump + parse", "NetlinkReader.read", "NetlinkSockDiag.dump"},
        {"snapshot: /proc fd scan (readlink)", "ProcessTable.readSockets"},
        {"snapshot: process details (stat, exe, cmdline, hashes)", "ProcessTable.attribute", "ProcessReader.info",
            "ExecutableHasher.hash"},
        {"snapshot: the rest", "LinuxSocketSource.snapshot", "LinuxSocketSource.open"},
        {"pipeline: sort", "SortedOps$SizedRefSortingSink.end", "SortedOps$RefSortingSink.end", "TimSort.sort"},
        {"pipeline: enrich + filter", "ConnectionPipeline.process"},
        {"render: community id", "CommunityId.of"},
        {"render: JSON field values + nesting maps", "JsonExport.put", "ExportFields.lambda$"},
        {"render: flush per document (write syscalls)", "JsonGenerator.close", "WriterBasedJsonGenerator.close"},
        {"render: JSON writing", "JsonExport.writeDocument", "JsonExport.writeArray"},
        {"render: table", "TableView.write", "Summary.of"},
        {"render: the rest", "LsCommand.render"},
        {"ls: the rest of LsCommand.call", "LsCommand.call"},
        {"picocli: command model, parsing", "picocli.CommandLine"},
        {"other application code", "Main.main"},
    };

    /** The same for `analyze FILE.pcap`: the capture path first (innermost first), then what follows it. */
    private static final String[][] CAPTURE_STAGES = {
        {"enrich ended flows: service + address class", "ServiceEnricher.enrich", "AddressClassEnricher.enrich"},
        {"flow records: Connection of each ended flow", "FlowRecord.connection"},
        {"payload inspection: DNS, TLS SNI, HTTP Host, DHCP", "PayloadInspector.inspect"},
        {"decode: link, IP, transport headers", "PacketDecoder.decode"},
        {"flow table: lookup, counters, timeouts", "FlowTracker.packet", "FlowTracker.finish", "FlowTracker.advance"},
        {"file: pcap/pcapng framing, the read loop", "PcapReader.read", "PcapngReader.read", "CaptureFile.read"},
        {"detectors", "DetectionEngine.run"},
        {"render: JSON", "FindingsJson.write"},
        {"render: text (flow table, findings)", "FindingsReport.write", "AnalyzeCommand.listFlows", "CsvExport.write"},
        {"analyze: the rest of AnalyzeCommand.call", "AnalyzeCommand.call"},
        {"picocli: command model, parsing", "picocli.CommandLine"},
        {"other application code", "Main.main"},
    };

    public static void main(String[] args) throws IOException {
        String[][] stages = LS_STAGES;
        List<String> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--stages") && i + 1 < args.length) {
                stages = switch (args[++i]) {
                    case "ls" -> LS_STAGES;
                    case "capture" -> CAPTURE_STAGES;
                    default -> throw new IllegalArgumentException("--stages ls or capture, not " + args[i]);
                };
            } else {
                files.add(args[i]);
            }
        }
        List<RecordedEvent> cpu = new ArrayList<>();
        List<RecordedEvent> exec = new ArrayList<>();
        long gcPauses = 0;
        double gcMillis = 0;
        long compilations = 0;
        double jitMillis = 0;
        for (String a : files) {
            for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(a))) {
                switch (e.getEventType().getName()) {
                    case "jdk.CPUTimeSample" -> cpu.add(e);
                    case "jdk.ExecutionSample" -> exec.add(e);
                    case "jdk.GarbageCollection" -> {
                        gcPauses++;
                        gcMillis += e.getDuration().toNanos() / 1e6;
                    }
                    case "jdk.Compilation" -> {
                        compilations++;
                        jitMillis += e.getDuration().toNanos() / 1e6;
                    }
                    default -> { }
                }
            }
        }
        List<RecordedEvent> samples = cpu.isEmpty() ? exec : cpu;
        Map<String, Integer> byStage = new LinkedHashMap<>();
        for (String[] s : stages) {
            byStage.put(s[0], 0);
        }
        byStage.put("outside main (JVM, JIT-less startup, other threads)", 0);
        Map<String, Integer> top = new HashMap<>();
        int total = 0;
        for (RecordedEvent e : samples) {
            RecordedStackTrace st = e.getStackTrace();
            if (st == null || st.getFrames().isEmpty()) {
                continue;
            }
            total++;
            List<String> frames = new ArrayList<>();
            for (RecordedFrame f : st.getFrames()) {
                frames.add(f.getMethod().getType().getName() + "." + f.getMethod().getName());
            }
            top.merge(frames.get(0), 1, Integer::sum);
            String stage = "outside main (JVM, JIT-less startup, other threads)";
            search:
            for (String[] s : stages) {
                for (int i = 1; i < s.length; i++) {
                    for (String f : frames) {
                        if (f.contains(s[i])) {
                            stage = s[0];
                            break search;
                        }
                    }
                }
            }
            byStage.merge(stage, 1, Integer::sum);
        }
        System.out.printf("samples %d (%s)%n", total, cpu.isEmpty() ? "jdk.ExecutionSample" : "jdk.CPUTimeSample");
        for (Map.Entry<String, Integer> s : byStage.entrySet()) {
            System.out.printf("stage %.1f %s%n", total == 0 ? 0 : 100.0 * s.getValue() / total, s.getKey());
        }
        int all = total;
        top.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(10)
                .forEach(t -> System.out.printf("top %.1f %s%n", 100.0 * t.getValue() / Math.max(1, all), t.getKey()));
        System.out.printf("gc %d %.1f%n", gcPauses, gcMillis);
        System.out.printf("jit %d %.1f%n", compilations, jitMillis);
    }
}

package org.connwatch.source.capture.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs tshark on a capture and returns the fields it prints, one map per frame (field name to
 * value; several occurrences of a field joined by {@code |}). Unless asked, TCP reassembly and
 * sequence analysis are off, so that every frame (retransmissions too) is dissected on its own
 * bytes, as the parsers see them.
 */
final class Tshark {
    private Tshark() {
    }

    /** True when tshark runs here. */
    static boolean available() {
        try {
            Process p = new ProcessBuilder("tshark", "-v").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The fields of every frame of {@code capture}, keyed by frame.number, each frame dissected alone. */
    static Map<Integer, Map<String, String>> fields(Path capture, List<String> fields)
            throws IOException, InterruptedException {
        return fields(capture, fields, false);
    }

    /**
     * The fields of every frame of {@code capture}, keyed by frame.number; with {@code reassemble},
     * what spans TCP segments is shown on the frame that completes it.
     */
    static Map<Integer, Map<String, String>> fields(Path capture, List<String> fields, boolean reassemble)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tshark", "-n", "-r", capture.toString(),
                "-o", "tcp.desegment_tcp_streams:" + (reassemble ? "TRUE" : "FALSE"),
                // Without sequence analysis tshark also dissects retransmitted segments, as the parsers do.
                "-o", "tcp.analyze_sequence_numbers:" + (reassemble ? "TRUE" : "FALSE"),
                "-T", "fields", "-E", "aggregator=|", "-E", "occurrence=a",
                "-e", "frame.number"));
        for (String f : fields) {
            command.add("-e");
            command.add(f);
        }
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("tshark failed on " + capture);
        }
        Map<Integer, Map<String, String>> frames = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] values = line.split("\t", -1);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < fields.size(); i++) {
                row.put(fields.get(i), i + 1 < values.length ? values[i + 1] : "");
            }
            frames.put(Integer.parseInt(values[0].trim()), row);
        }
        return frames;
    }

    /** The occurrences of a field ({@code a|b|c}), none for an empty value. */
    static List<String> values(Map<String, String> row, String field) {
        String v = row.getOrDefault(field, "");
        return v.isEmpty() ? List.of() : List.of(v.split("\\|", -1));
    }

    /** tshark prints booleans as 1/0 or, in newer versions, True/False. */
    static boolean flag(String value) {
        String v = value.trim();
        return v.equals("1") || v.equalsIgnoreCase("true");
    }
}

package org.connwatch.act.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.connwatch.detect.Severity;
import org.connwatch.present.FieldContext;
import org.connwatch.records.CommunityId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The desktop sink runs a stand-in notify-send from a temporary PATH that records its arguments. */
class DesktopSinkTest {
    private static final Instant T0 = Instant.parse("2026-11-20T03:00:00Z");
    private final List<String> notices = new java.util.concurrent.CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    private Path fakeNotifySend(Path bin, Path record, int exit) throws Exception {
        Files.createDirectories(bin);
        Path script = bin.resolve("notify-send");
        Files.writeString(script, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\0' \"$a\"; done >> '" + record
                + "'\nprintf '\\n' >> '" + record + "'\nexit " + exit + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    private AlertDispatcher open(Map<String, String> env) throws Exception {
        return AlertDispatcher.open(AlertSettings.of(List.of(new AlertTarget.Desktop())),
                new FieldContext("desk", new CommunityId(0)), new PrintWriter(new StringWriter()), env,
                new ManualClock(T0), notices::add);
    }

    private static void await(AlertDispatcher d, long done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (d.counts().getFirst().sent() + d.counts().getFirst().failed() < done) {
            assertThat(System.nanoTime()).as("waiting for %s", d.counts()).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private static List<List<String>> calls(Path record) throws Exception {
        List<List<String>> calls = new ArrayList<>();
        for (String line : Files.readString(record, StandardCharsets.UTF_8).split("\n")) {
            calls.add(Arrays.asList(line.split("\0")));
        }
        return calls;
    }

    @Test
    void aHostileNameIsOneInertArgumentEscapedForTheMarkup() throws Exception {
        Path record = dir.resolve("argv");
        Path bin = dir.resolve("bin");
        Path script = fakeNotifySend(bin, record, 0);
        String program = "$(reboot)";
        String reason = program + " connects to " + Findings.HOSTILE + " & more;\nrm -rf / `id`";
        try (AlertDispatcher d = open(Map.of("PATH", dir.resolve("empty") + ":" + bin))) {
            d.changed(Findings.open(1, Severity.HIGH, program, reason, T0), true);
            await(d, 1);
            assertThat(d.counts().getFirst()).isEqualTo(new SinkCounts("desktop", 1, 0, 0, 0, 0));
        }
        assertThat(calls(record)).containsExactly(List.of("--app-name=connwatch", "--urgency=critical",
                "--category=network", "--", "connwatch: high unusual-port",
                "$(reboot) connects to &lt;img src=x onerror=alert(1)&gt; &amp; more;\\x0arm -rf / `id`"));
        assertThat(Files.exists(dir.resolve("rebooted"))).isFalse();
        assertThat(script).exists();
    }

    @Test
    void theUrgencyFollowsTheSeverityAndAFailingProgramIsCounted() throws Exception {
        Path record = dir.resolve("argv");
        Path bin = dir.resolve("bin");
        fakeNotifySend(bin, record, 1);
        try (AlertDispatcher d = open(Map.of("PATH", bin.toString()))) {
            long id = 1;
            for (Severity s : Severity.values()) {
                d.changed(Findings.open(id++, s, "nc", "reason", T0), true);
            }
            await(d, Severity.values().length);
            assertThat(d.counts().getFirst().failed()).isEqualTo(Severity.values().length);
        }
        assertThat(calls(record)).extracting(c -> c.get(1)).containsExactly("--urgency=low", "--urgency=low",
                "--urgency=normal", "--urgency=critical", "--urgency=critical");
        assertThat(notices).singleElement().asString().contains("notify-send exited with status 1");
    }

    @Test
    void withoutNotifySendOnThePathTheSinkIsOffWithOneNotice() throws Exception {
        Path notExecutable = dir.resolve("bin");
        Files.createDirectories(notExecutable);
        Files.writeString(notExecutable.resolve("notify-send"), "not a program");
        try (AlertDispatcher d = open(Map.of("PATH", ":" + notExecutable + ":/nonexistent"))) {
            assertThat(d.sinkNames()).isEmpty();
            d.changed(Findings.open(1, T0), true);
            assertThat(d.notices()).singleElement().asString().contains("notify-send is not on the PATH");
            assertThat(notices).hasSize(1);
        }
    }
}

package org.connwatch.source.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import org.connwatch.records.ProcessInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a real process from /proc, including one whose executable was deleted while it runs. */
class ProcessReaderTest {
    private final Path proc = Path.of("/proc");
    private final ExecutableHasher hasher = new ExecutableHasher();
    private final ProcessReader reader = new ProcessReader(proc, BootClock.read(proc),
            new UserNames(Path.of("/etc/passwd")), hasher);

    @Test
    void marksAnExecutableDeletedWhileRunningAndStillHashesWhatRuns(@TempDir Path dir) throws Exception {
        Path copy = dir.resolve("not-really-sleep");
        Files.copy(Path.of("/bin/sleep"), copy, StandardCopyOption.COPY_ATTRIBUTES);
        String expectedHash = Sha256Sum.of(copy);
        Process p = new ProcessBuilder(copy.toString(), "60").start();
        try {
            Files.delete(copy);
            int pid = (int) p.pid();
            ProcessInfo info = reader.info(pid, waitForStat(pid), true);

            assertThat(info.executableDeleted()).isTrue();
            assertThat(info.executable()).isEqualTo(copy.toString());
            assertThat(info.name()).isEqualTo("not-really-slee"); // comm keeps 15 bytes
            assertThat(info.commandLine()).isEqualTo(copy + " 60");
            assertThat(info.sha256()).as("hash of the deleted file, read through /proc/PID/exe")
                    .isEqualTo(expectedHash);
        } finally {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void readsNameParentStartAndUserOfThisJvm() {
        int pid = (int) ProcessHandle.current().pid();
        ProcessInfo info = reader.info(pid, reader.stat(pid), false);

        assertThat(info.name()).isEqualTo("java");
        assertThat(info.parentPid()).isEqualTo(ProcessHandle.current().parent().orElseThrow().pid());
        assertThat(info.executableDeleted()).isFalse();
        assertThat(info.sha256()).isNull();
        assertThat(info.userName()).isEqualTo(System.getProperty("user.name"));
        // /proc's start time has clock-tick resolution (10 ms) and boot time one-second resolution.
        var jvmStart = ProcessHandle.current().info().startInstant().orElseThrow();
        assertThat(info.start()).isBetween(jvmStart.minusSeconds(2), jvmStart.plusSeconds(2));
    }

    @Test
    void cutsAnEnormousCommandLine(@TempDir Path dir) throws Exception {
        String huge = "x".repeat(100_000);
        Process p = new ProcessBuilder("/bin/sleep", "60", huge).start();
        try {
            int pid = (int) p.pid();
            ProcessInfo info = reader.info(pid, waitForStat(pid), false);
            assertThat(info.commandLine()).startsWith("/bin/sleep 60 xxx").endsWith("...")
                    .hasSize(ProcessReader.MAX_COMMAND_LINE + 3);
        } finally {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aProcessThatIsGoneHasNoStat() throws Exception {
        Process p = new ProcessBuilder("/bin/true").start();
        p.waitFor();
        assertThat(reader.stat((int) p.pid())).isNull();
    }

    /** After fork and before exec, /proc shows the parent's image: wait until the exec is done. */
    private ProcStat waitForStat(int pid) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            ProcStat s = reader.stat(pid);
            if (s != null && !s.name().equals("java")) {
                return s;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("process " + pid + " did not exec");
    }
}

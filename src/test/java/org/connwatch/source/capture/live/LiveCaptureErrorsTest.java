package org.connwatch.source.capture.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user gets wrong, each answered with one clear line: an interface that does not exist
 * (the ones that do are listed), a filter libpcap refuses (checked before any privilege is needed),
 * options out of range, and capturing without {@code CAP_NET_RAW} (a child JVM run as the user
 * nobody).
 */
class LiveCaptureErrorsTest {

    @Test
    void anUnknownInterfaceIsNamedAndTheRealOnesListed() {
        assumeTrue(LiveCapture.isAvailable(), () -> "live capture unavailable: " + LiveCapture.unavailabilityCause());
        List<String> names = LiveCapture.interfaces().stream().map(CaptureInterface::name).toList();
        assertThat(names).contains("lo");
        for (String wrong : List.of("cwnosuch0", "a-name-longer-than-fifteen", "eth\0")) {
            assertThatThrownBy(() -> LiveCapture.open(LiveCaptureOptions.onInterface(wrong)))
                    .isInstanceOf(UnknownInterfaceException.class)
                    .hasMessageStartingWith("no network interface \"" + FilterSyntaxException.oneLine(wrong) + "\"")
                    .hasMessageEndingWith("this host has: " + String.join(", ", names))
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "\0"));
        }
    }

    @Test
    void aBadFilterIsRefusedBeforeAnyPrivilegeIsNeeded() {
        assumeTrue(LiveCapture.isAvailable() && BpfCompiler.isAvailable(), "needs live capture and libpcap");
        for (LiveCaptureOptions options : List.of(LiveCaptureOptions.allInterfaces(),
                LiveCaptureOptions.onInterface("lo"))) {
            assertThatThrownBy(() -> LiveCapture.open(options.withFilter("tcp port http and and")))
                    .isInstanceOf(FilterSyntaxException.class)
                    .hasMessage("capture filter \"tcp port http and and\": "
                            + "can't parse filter expression: syntax error");
        }
    }

    @Test
    void optionsOutOfRangeAreRefusedWithWhatIsAllowed() {
        LiveCaptureOptions o = LiveCaptureOptions.allInterfaces();
        assertThat(o.filter()).isNull();
        assertThat(o.withFilter("  ").filter()).isNull();
        assertThat(o.ringBytes()).isEqualTo(32L << 20);
        assertThatThrownBy(() -> o.withPromiscuous(true)).hasMessageContaining("needs a named interface");
        assertThatThrownBy(() -> o.withSnapLength(0)).hasMessageContaining("snap length must be 1 to 262144");
        assertThatThrownBy(() -> o.withRing(5000, 8)).hasMessageContaining("multiple of 4096");
        assertThatThrownBy(() -> o.withRing(1 << 28, 9)).hasMessageContaining("at most 2 GiB");
        assertThatThrownBy(() -> o.withFrameSize(100)).hasMessageContaining("multiple of 16 from 128");
        assertThatThrownBy(() -> o.withPollTimeout(Duration.ZERO)).hasMessageContaining("1 ms to 60 s");
        assertThatThrownBy(() -> o.withInterface("")).hasMessageContaining("cannot be empty");
        assertThat(o.withRing(4096, 2).frameSize()).isEqualTo(2048);
        assertThat(LiveCaptureOptions.onInterface("eth0").withPromiscuous(true).promiscuous()).isTrue();
    }

    @Test
    void withoutCapNetRawTheUserIsToldWhatToGrant(@TempDir Path dir) throws Exception {
        assumeTrue(LiveCaptureLoopbackTest.isRoot(), "needs root to switch to the user nobody");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv (util-linux)");
        // nobody cannot read root's work tree: give it a readable copy of the classes.
        Path classes = dir.resolve("classes");
        for (String entry : System.getProperty("java.class.path").split(":")) {
            Path from = Path.of(entry);
            if (Files.isDirectory(from)) {
                copyTree(from, classes);
            }
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
                        Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534",
                "--clear-groups", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", classes.toString(), CaptureProbe.class.getName(),
                "--interface", "lo", "--filter", "udp port 9"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isEqualTo(2);
        assertThat(out.lines().toList()).hasSize(1);
        assertThat(out).startsWith("error CapturePermissionException live capture needs CAP_NET_RAW: run as root or"
                        + " give the java binary the capability (setcap cap_net_raw+ep ")
                .endsWith("[socket(AF_PACKET): Operation not permitted (errno 1)]");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!Files.exists(target)) {
                    Files.copy(p, target);
                }
            }
        }
    }
}

package org.connwatch.source.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ProcStat} on {@code /proc/PID/stat} lines. After the pid and the (name) come, from field
 * 3 on: state, parent pid (4), process group, session, tty, tty group, flags, 4 fault counts, 4
 * CPU times, priority, nice, threads, itimer (field 21), start time in clock ticks (field 22), and
 * more that connwatch does not read.
 */
class ProcStatTest {
    /** Fields 3 to 52 of a real sleeping bash, parent 1, started 8832 ticks after boot. */
    private static final String AFTER_NAME = " S 1 4242 4242 34816 4242 4194560 1307 2561 0 0 2 1 3 2 20 0 1 0 8832"
            + " 8732672 1280 18446744073709551615 1 1 0 0 0 0 65536 3686404 1266761467 0 0 0 17 1 0 0 0 0 0 0 0 0 0"
            + " 0 0 0 0";

    @Test
    void aPlainName() {
        ProcStat stat = ProcStat.parse("4242 (bash)" + AFTER_NAME + "\n");

        assertThat(stat).isEqualTo(new ProcStat("bash", 1, 8832));
    }

    @Test
    void aNameWithSpaces() {
        assertThat(ProcStat.parse("4242 (my prog)" + AFTER_NAME).name()).isEqualTo("my prog");
    }

    @Test
    void aNameHoldingParenthesesEndsAtTheLastOne() {
        // A program may name itself "a) b) c": the kernel prints that between ( and ) unchanged.
        ProcStat stat = ProcStat.parse("1234 (a) b) c)" + AFTER_NAME);

        assertThat(stat.name()).isEqualTo("a) b) c");
        assertThat(stat.parentPid()).isEqualTo(1);
        assertThat(stat.startTicks()).isEqualTo(8832);
    }

    @Test
    void aNameThatLooksLikeFieldsDoesNotShiftThem() {
        ProcStat stat = ProcStat.parse("1234 (x) R 999 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 7)" + AFTER_NAME);

        assertThat(stat.name()).isEqualTo("x) R 999 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 7");
        assertThat(stat.parentPid()).isEqualTo(1);
        assertThat(stat.startTicks()).isEqualTo(8832);
    }

    @Test
    void namesWithParenthesesAtTheEdgesAndEmptyNames() {
        assertThat(ProcStat.parse("77 ((sd-pam))" + AFTER_NAME).name()).isEqualTo("(sd-pam)");
        assertThat(ProcStat.parse("77 ()" + AFTER_NAME).name()).isEmpty();
        assertThat(ProcStat.parse("77 (new\nline)" + AFTER_NAME).name()).isEqualTo("new\nline");
    }

    @Test
    void thisJvmsOwnStatFile() throws IOException {
        Path self = Path.of("/proc/self/stat");
        assumeTrue(Files.isReadable(self), "needs Linux /proc");

        ProcStat stat = ProcStat.parse(Files.readString(self));

        assertThat(stat.parentPid()).isEqualTo(ProcessHandle.current().parent().orElseThrow().pid());
        assertThat(stat.startTicks()).isPositive();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            "4242 (bash) S 1 4242 4242 34816 4242 4194560 1307 2561 0 0 2 1 3 2 20 0 1 0",
            "4242 (bash) S 1",
            "4242 (bash)",
            "4242 (bash",
            "4242 bash S 1 4242",
            "4242 )bash( S 1 4242 4242 34816 4242 4194560 1307 2561 0 0 2 1 3 2 20 0 1 0 8832 0",
            "",
    })
    void aTruncatedOrNamelessLineIsRejected(String line) {
        assertThatThrownBy(() -> ProcStat.parse(line)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTruncatedLineSaysHowManyFieldsItHad() {
        assertThatThrownBy(() -> ProcStat.parse("4242 (bash) S 1 4242"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("stat line has 5 fields, 22 expected");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"x", "1.5", "", "99999999999"})
    void aNonNumericParentPidIsRejected(String parent) {
        String line = "4242 (bash)" + AFTER_NAME.replaceFirst(" S 1 ", " S " + parent + " ");

        assertThatThrownBy(() -> ProcStat.parse(line))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("stat line has a non-numeric field");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"8832x", "0x2280", "99999999999999999999"})
    void aNonNumericStartTimeIsRejected(String start) {
        String line = "4242 (bash)" + AFTER_NAME.replace(" 0 8832 ", " 0 " + start + " ");

        assertThatThrownBy(() -> ProcStat.parse(line))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("stat line has a non-numeric field");
    }
}

package org.connwatch.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Line splitting with a cap on the line length. */
class BoundedLineReaderTest {

    @Test
    void splitsLinesDropsCrAndKeepsALastLineWithoutNewline() throws IOException {
        assertThat(lines("a\nb\r\n\nc", 100)).containsExactly(
                new BoundedLineReader.Line(1, "a", false), new BoundedLineReader.Line(2, "b", false),
                new BoundedLineReader.Line(3, "", false), new BoundedLineReader.Line(4, "c", false));
        assertThat(lines("", 100)).isEmpty();
        assertThat(lines("x\n", 100)).containsExactly(new BoundedLineReader.Line(1, "x", false));
    }

    @Test
    void cutsLongLinesAcrossBufferBoundaries() throws IOException {
        String big = "y".repeat(200_000);
        assertThat(lines("short\n" + big + "\nafter", 10)).containsExactly(
                new BoundedLineReader.Line(1, "short", false), new BoundedLineReader.Line(2, "yyyyyyyyyy", true),
                new BoundedLineReader.Line(3, "after", false));
        assertThat(lines("exactly10!\n", 10)).containsExactly(new BoundedLineReader.Line(1, "exactly10!", false));
    }

    private static List<BoundedLineReader.Line> lines(String text, int max) throws IOException {
        BoundedLineReader r = new BoundedLineReader(
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), max);
        List<BoundedLineReader.Line> out = new ArrayList<>();
        for (BoundedLineReader.Line l = r.next(); l != null; l = r.next()) {
            out.add(l);
        }
        return out;
    }

    @Test
    void dropsAByteOrderMarkOpeningTheStreamAndReplacesInvalidUtf8() throws java.io.IOException {
        byte[] text = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '1', '.', '2', '\n', (byte) 0xFF, 'x', '\r', '\n'};
        BoundedLineReader r = new BoundedLineReader(new java.io.ByteArrayInputStream(text), 100);
        org.assertj.core.api.Assertions.assertThat(r.next().text()).isEqualTo("1.2");
        org.assertj.core.api.Assertions.assertThat(r.next().text()).isEqualTo("\uFFFDx");
        org.assertj.core.api.Assertions.assertThat(r.next()).isNull();
    }
}

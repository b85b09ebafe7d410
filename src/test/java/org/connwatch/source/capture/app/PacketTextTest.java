package org.connwatch.source.capture.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PacketTextTest {

    private static String escape(String s, int max) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return PacketText.escape(b, 0, b.length, max);
    }

    @Test
    void printableAsciiIsKeptEverythingElseEscaped() {
        assertThat(escape("MSFT 5.0 ~!", 255)).isEqualTo("MSFT 5.0 ~!");
        assertThat(escape("a\u0000b\tc\u007f\u00ff\u001b[31m", 255)).isEqualTo("a\\x00b\\x09c\\x7f\\xff\\x1b[31m");
        assertThat(escape("back\\slash", 255)).as("so that \\x always means an escaped byte")
                .isEqualTo("back\\x5cslash");
    }

    @Test
    void lowerCasingTouchesOnlyAsciiLetters() {
        byte[] b = "WWW.Example.COM\u00c9".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(PacketText.escapeLowerCase(b, 0, b.length, 255)).isEqualTo("www.example.com\\xc9");
    }

    @Test
    void textIsCutAtTheMaximumNeverInsideAnEscape() {
        assertThat(escape("x".repeat(300), 1000)).hasSize(PacketText.MAX_CHARS);
        assertThat(escape("abcdef", 4)).isEqualTo("abcd");
        assertThat(escape("ab\u0001", 4)).as("the escape does not fit whole").isEqualTo("ab");
        assertThat(escape("ab\u0001", 6)).isEqualTo("ab\\x01");
        assertThat(escape("abc", -5)).isEmpty();
    }

    @Test
    void rangesOutsideTheArrayAreCutToIt() {
        byte[] b = "hello".getBytes(StandardCharsets.US_ASCII);
        assertThat(PacketText.escape(b, 1, 3, 255)).isEqualTo("ell");
        assertThat(PacketText.escape(b, 3, 100, 255)).isEqualTo("lo");
        assertThat(PacketText.escape(b, 3, Integer.MAX_VALUE, 255)).isEqualTo("lo");
        assertThat(PacketText.escape(b, 5, 1, 255)).isEmpty();
        assertThat(PacketText.escape(b, -1, 3, 255)).isEmpty();
        assertThat(PacketText.escape(b, 0, -1, 255)).isEmpty();
        assertThat(PacketText.escape(null, 0, 3, 255)).isEmpty();
    }
}

package org.connwatch.present;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SafeTextTest {
    private static final int ROOMY = 1000;

    private static String safe(String s) {
        return SafeText.terminal(s, ROOMY);
    }

    @Test
    void nullIsEmpty() {
        assertThat(SafeText.terminal(null, 10)).isEmpty();
    }

    @Test
    void ordinaryTextIsLeftAlone() {
        assertThat(safe("nginx: worker process")).isEqualTo("nginx: worker process");
        assertThat(safe("café 名前 \u00a0nbsp")).isEqualTo("café 名前 \u00a0nbsp");
        assertThat(safe("smile \uD83D\uDE00")).isEqualTo("smile \uD83D\uDE00"); // U+1F600, a valid pair
        assertThat(safe("back\\slash")).isEqualTo("back\\slash");
    }

    @Test
    void anEscapeSequenceCannotRecolourTheScreen() {
        assertThat(safe("a\u001b[31mred\u001b[0m")).isEqualTo("a\\x1b[31mred\\x1b[0m");
        assertThat(safe("\u001b]0;title\u0007")).isEqualTo("\\x1b]0;title\\x07");
    }

    @ParameterizedTest(name = "U+{0} is shown as {1}")
    @CsvSource({
            "0000, \\x00", "0009, \\x09", "000a, \\x0a", "000d, \\x0d", "001b, \\x1b", "001f, \\x1f",
            "007f, \\x7f", // DEL
            "0080, \\x80", "009b, \\x9b", "009f, \\x9f"}) // C1 controls; 0x9b is a one-byte CSI
    void controlCharactersAreEscaped(String hex, String expected) {
        String c = Character.toString(Integer.parseInt(hex, 16));

        assertThat(safe("<" + c + ">")).isEqualTo("<" + expected + ">");
    }

    @Test
    void theFirstPrintableNeighboursAreKept() {
        assertThat(safe(" ~\u00a0")).isEqualTo(" ~\u00a0");
    }

    @Test
    void bidiOverridesAreEscapedSoAFileNameCannotReadBackwards() {
        // "invoice\u202Egpj.exe" displays as "invoiceexe.jpg"
        assertThat(safe("invoice\u202egpj.exe")).isEqualTo("invoice\\u202egpj.exe");
        assertThat(safe("\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069"))
                .isEqualTo("\\u202a\\u202b\\u202c\\u202d\\u2066\\u2067\\u2068\\u2069");
    }

    @Test
    void loneSurrogatesAreEscaped() {
        assertThat(safe("a\ud800b")).isEqualTo("a\\ud800b");
        assertThat(safe("a\udc00b")).isEqualTo("a\\udc00b");
        assertThat(safe("end\ud83d")).isEqualTo("end\\ud83d");
        // the halves of a pair in the wrong order are two lone surrogates
        assertThat(safe("\ude00\ud83d")).isEqualTo("\\ude00\\ud83d");
    }

    @Test
    void noSingleCharacterSurvivesAsAControlOrALoneSurrogate() {
        for (int c = 0; c <= 0xffff; c++) {
            String out = safe(Character.toString((char) c));
            for (char o : out.toCharArray()) {
                assertThat(o < 0x20 || o == 0x7f || (o >= 0x80 && o < 0xa0) || Character.isSurrogate(o)
                        || (o >= 0x202a && o <= 0x202e) || (o >= 0x2066 && o <= 0x2069))
                        .as("U+%04X came out as %s", c, out).isFalse();
            }
        }
    }

    @Test
    void longTextIsCutAtMaxWithAnEllipsis() {
        assertThat(SafeText.terminal("abcdefghij", 5)).isEqualTo("abcde...");
        assertThat(SafeText.terminal("abcde", 5)).isEqualTo("abcde");
        assertThat(SafeText.terminal("abcdef", 5)).isEqualTo("abcde...");
        assertThat(SafeText.terminal("", 5)).isEmpty();
    }

    @Test
    void theCutNeverSplitsAnEscape() {
        // "ab\x1b" is 6 characters: the escape does not fit in 5, and half of it would read as \x1
        assertThat(SafeText.terminal("ab\u001bcdef", 5)).isEqualTo("ab...");
        assertThat(SafeText.terminal("ab\u001bcdef", 6)).isEqualTo("ab\\x1b...");
        // the escaped text is longer than max even though the input ends: it is still cut
        assertThat(SafeText.terminal("abcd\u001b", 5)).isEqualTo("abcd...");
        assertThat(SafeText.terminal("\u202e\u202e", 7)).isEqualTo("\\u202e...");
    }

    @Test
    void theCutNeverSplitsASurrogatePair() {
        // U+1F600 takes two chars; one of them alone would be an invalid lone surrogate
        String out = SafeText.terminal("ab\uD83D\uDE00cd", 3);

        assertThat(out).isEqualTo("ab...");
        assertThat(SafeText.terminal("ab\uD83D\uDE00cd", 4)).isEqualTo("ab\uD83D\uDE00...");
    }
}

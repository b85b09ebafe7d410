package org.connwatch.policy;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A shell-like pattern: {@code *} stands for any run of characters (slashes and dots included),
 * {@code ?} for one character; everything else stands for itself. {@code *.example.com} matches
 * {@code www.example.com} and {@code a.b.example.com}, not {@code example.com}.
 *
 * @param text       the pattern as written
 * @param ignoreCase true to compare without regard to case (domain names)
 */
public record Glob(String text, boolean ignoreCase) {

    private static final String UNSUPPORTED = "[]{}\\";

    /**
     * Checks the pattern.
     *
     * @throws IllegalArgumentException when it is empty or uses syntax this glob does not support
     */
    public Glob {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a pattern must not be empty");
        }
        for (char c : text.toCharArray()) {
            if (UNSUPPORTED.indexOf(c) >= 0) {
                throw new IllegalArgumentException("'" + text + "' uses '" + c
                        + "', which patterns do not support (only * and ? are wildcards)");
            }
            if (Character.isISOControl(c)) {
                throw new IllegalArgumentException("'" + text + "' contains a control character");
            }
        }
    }

    /** True when the whole value matches the pattern; a null value never matches. */
    public boolean matches(String value) {
        if (value == null) {
            return false;
        }
        String p = ignoreCase ? text.toLowerCase(Locale.ROOT) : text;
        String v = ignoreCase ? value.toLowerCase(Locale.ROOT) : value;
        return match(p, v);
    }

    /** True when the pattern has a wildcard. */
    public boolean hasWildcard() {
        return text.indexOf('*') >= 0 || text.indexOf('?') >= 0;
    }

    /** The pattern as a regular expression (for callers that want one). */
    public Pattern toPattern() {
        StringBuilder re = new StringBuilder();
        for (char c : text.toCharArray()) {
            re.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
    }

    @Override
    public String toString() {
        return text;
    }

    /** Iterative matching with backtracking to the last star: linear for patterns with one star, never exponential. */
    private static boolean match(String p, String v) {
        int pi = 0;
        int vi = 0;
        int star = -1;
        int mark = 0;
        while (vi < v.length()) {
            if (pi < p.length() && (p.charAt(pi) == '?' || p.charAt(pi) == v.charAt(vi))) {
                pi++;
                vi++;
            } else if (pi < p.length() && p.charAt(pi) == '*') {
                star = pi++;
                mark = vi;
            } else if (star >= 0) {
                pi = star + 1;
                vi = ++mark;
            } else {
                return false;
            }
        }
        while (pi < p.length() && p.charAt(pi) == '*') {
            pi++;
        }
        return pi == p.length();
    }
}

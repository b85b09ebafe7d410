package org.connwatch.source.capture.live;

import java.io.IOException;

/**
 * A capture filter that libpcap could not compile: a user error, whose message is one line made of
 * the expression and libpcap's own words ({@code pcap_geterr}), e.g.
 * {@code capture filter "udp prot 53": syntax error in filter expression: syntax error}.
 */
public final class FilterSyntaxException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String expression;

    public FilterSyntaxException(String expression, String reason) {
        super("capture filter \"" + oneLine(expression) + "\": " + oneLine(reason));
        this.expression = expression;
    }

    /** The expression as given. */
    public String expression() {
        return expression;
    }

    static String oneLine(String text) {
        StringBuilder b = new StringBuilder(Math.min(text.length(), 200));
        for (int i = 0; i < text.length() && b.length() < 200; i++) {
            char c = text.charAt(i);
            b.append(Character.isISOControl(c) ? ' ' : c);
        }
        if (b.length() < text.length()) {
            b.append("...");
        }
        return b.toString().strip();
    }
}

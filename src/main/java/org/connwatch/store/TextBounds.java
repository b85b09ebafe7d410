package org.connwatch.store;

/**
 * The longest text the store keeps in each kind of field: text from the network and from other programs is
 * stored raw (never escaped: the views escape it) but cut, so a hostile name cannot grow the database.
 */
final class TextBounds {

    /** A command line: as {@code ls} cuts it. */
    static final int COMMAND_LINE = 8192;
    /** A finding's reason or a user's note. */
    static final int SENTENCE = 4096;
    /** Any other text: names, paths, addresses, keys. */
    static final int NAME = 1024;
    /** The connection records kept with one finding. */
    static final int FINDING_CONNECTIONS = 16;
    /** The connection ids kept with one finding. */
    static final int FINDING_CONNECTION_IDS = 256;

    private TextBounds() {
    }

    /** The text cut to at most {@code max} chars, never between the two halves of a surrogate pair; null stays null. */
    static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = max;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }
}

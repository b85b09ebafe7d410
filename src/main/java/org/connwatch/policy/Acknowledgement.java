package org.connwatch.policy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes an acknowledged finding into a policy file as an {@code allow} rule, so the same thing
 * does not come back. The rule goes after the file's last rule (rules are tried in order: an
 * earlier deny or alert still wins), the rest of the file is kept as it is, comments included,
 * and the new text must pass the full validation before it replaces the file (atomically).
 *
 * @param loader validates the new text
 */
public record Acknowledgement(PolicyLoader loader) {

    /**
     * Appends {@code allow} rule {@code id} with these conditions (dotted field names and values as
     * in a rule's {@code match}) to the policy file, creating the file when it does not exist.
     *
     * @return the rule text written
     * @throws PolicyException when the policy with the new rule would not be valid (nothing written)
     */
    public String allow(Path file, String id, Map<String, String> conditions, String reason)
            throws IOException, PolicyException {
        if (conditions.isEmpty()) {
            throw new IllegalArgumentException("an acknowledgement needs at least one condition (field=value)");
        }
        List<String> lines = Files.exists(file)
                ? new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8))
                : new ArrayList<>(List.of("# connwatch policy (see docs/POLICY.md)", "version: 1"));
        String indent = "  ";
        int rules = -1;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.matches("rules:\\s*(\\[\\s*])?\\s*(#.*)?")) {
                rules = i;
                lines.set(i, "rules:");
            }
        }
        if (rules < 0) {
            lines.add("rules:");
            rules = lines.size() - 1;
        }
        int end = rules + 1; // after the last line that belongs to the rules block
        for (int i = rules + 1; i < lines.size(); i++) {
            String l = lines.get(i);
            if (!l.isBlank() && !Character.isWhitespace(l.charAt(0)) && !l.startsWith("#") && !l.startsWith("-")) {
                break; // the next top-level key
            }
            if (!l.isBlank() && !l.startsWith("#")) {
                end = i + 1;
                if (l.stripLeading().startsWith("- ") && i > rules) {
                    indent = l.substring(0, l.indexOf('-'));
                }
            }
        }
        List<String> rule = new ArrayList<>();
        rule.add(indent + "- id: " + id);
        rule.add(indent + "  action: allow");
        rule.add(indent + "  match:");
        for (Map.Entry<String, String> c : conditions.entrySet()) {
            rule.add(indent + "    " + c.getKey() + ": " + quoted(c.getValue()));
        }
        rule.add(indent + "  reason: " + quoted(reason));
        lines.addAll(end, rule);
        String text = String.join("\n", lines) + "\n";
        loader.parse(text, file); // throws with every problem; nothing is written
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".policy", ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return String.join("\n", rule);
    }

    private static String quoted(String v) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : v.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}

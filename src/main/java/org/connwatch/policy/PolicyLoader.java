package org.connwatch.policy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.connwatch.enrich.ServiceRegistry;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads and validates policy files. A file with mistakes is refused as a whole: {@link PolicyException}
 * lists every mistake with its line and field. Hostile files are refused cleanly: more than
 * {@link #MAX_BYTES} bytes, nesting deeper than {@link #MAX_DEPTH}, more than {@link #MAX_ALIASES} aliases.
 *
 * @param services the port registry that resolves service names
 */
public record PolicyLoader(ServiceRegistry services) {
    /** Largest policy file read: 1 MiB. */
    public static final int MAX_BYTES = 1 << 20;
    /** Deepest nesting of lists and mappings accepted. */
    public static final int MAX_DEPTH = 16;
    /** Most aliases ({@code *name}) accepted in one file. */
    public static final int MAX_ALIASES = 50;

    /** A loader with the bundled port registry. */
    public static PolicyLoader standard() {
        return new PolicyLoader(ServiceRegistry.bundled());
    }

    /**
     * The policy to use: the named file when there is one (it must exist), else the file at the default
     * location when it exists, else the built-in defaults.
     *
     * @param explicit the file named with {@code --policy}, or empty
     * @param env      the environment (for {@code XDG_CONFIG_HOME} and {@code HOME})
     */
    public Policy loadOrDefaults(Optional<Path> explicit, Map<String, String> env) throws PolicyException {
        if (explicit.isPresent()) {
            return load(explicit.get());
        }
        Optional<Path> standard = PolicyLocation.defaultFile(env);
        if (standard.isPresent() && Files.exists(standard.get())) {
            return load(standard.get());
        }
        return Policy.defaults();
    }

    /** Reads and validates a policy file. */
    public Policy load(Path file) throws PolicyException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw fail(file, "no such file");
        } catch (IOException e) {
            throw fail(file, "cannot read it: " + e.getMessage());
        }
        if (bytes.length > MAX_BYTES) {
            throw fail(file, "the file is larger than " + MAX_BYTES / 1024 + " KiB; a policy is never that big");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw fail(file, "the file is not UTF-8 text");
        }
        return parse(text, file);
    }

    /** Validates policy text; {@code name} is the file name used in the problems. */
    public Policy parse(String text, Path name) throws PolicyException {
        if (text.length() > MAX_BYTES) {
            throw fail(name, "the file is larger than " + MAX_BYTES / 1024 + " KiB; a policy is never that big");
        }
        LoadSettings settings = LoadSettings.builder()
                .setLabel(name.toString())
                .setMaxAliasesForCollections(MAX_ALIASES)
                .setAllowRecursiveKeys(false)
                .setAllowDuplicateKeys(true) // duplicates are reported by the reader, with both lines
                .setCodePointLimit(MAX_BYTES + 1)
                .setUseMarks(true)
                .build();
        YamlTree tree = new YamlTree(name);
        try {
            checkShape(settings, text, tree);
            if (!tree.problems().isEmpty()) {
                throw new PolicyException(tree.problems());
            }
            Node root = new Compose(settings).composeString(text).orElse(null);
            Policy policy = new PolicyReader(tree, new PortSpecs(services)).read(root);
            if (policy != null && tree.problems().isEmpty()) {
                return policy;
            }
        } catch (MarkedYamlEngineException e) {
            Optional<Mark> mark = e.getProblemMark().or(e::getContextMark);
            tree.problem(mark.map(m -> m.getLine() + 1).orElse(0), null, "not valid YAML: "
                    + Optional.ofNullable(e.getProblem()).orElse(e.getContext()));
        } catch (ReaderException e) {
            int line = 1 + (int) text.codePoints().limit(Math.max(0, e.getPosition())).filter(c -> c == '\n').count();
            tree.problem(line, null, "not valid YAML: the character U+"
                    + String.format("%04X", e.getCodePoint()) + " is not allowed");
        } catch (YamlEngineException e) {
            tree.problem(0, null, "not valid YAML: " + firstLine(e.getMessage()));
        } catch (YamlTree.Abort e) {
            // the problems so far are in the tree
        }
        List<PolicyProblem> problems = new ArrayList<>(tree.problems());
        problems.sort(Comparator.comparingInt(PolicyProblem::line));
        throw new PolicyException(problems);
    }

    /** Walks the event stream (which nests without recursion) to refuse deep nesting and many aliases. */
    private static void checkShape(LoadSettings settings, String text, YamlTree tree) {
        int depth = 0;
        int aliases = 0;
        for (Event e : new Parse(settings).parseString(text)) {
            switch (e.getEventId()) {
                case SequenceStart, MappingStart -> {
                    if (++depth > MAX_DEPTH) {
                        tree.problem(line(e), null, "lists and mappings are nested more than " + MAX_DEPTH
                                + " deep; refused");
                        return;
                    }
                }
                case SequenceEnd, MappingEnd -> depth--;
                case Alias -> {
                    if (++aliases > MAX_ALIASES) {
                        tree.problem(line(e), null, "more than " + MAX_ALIASES + " aliases; refused");
                        return;
                    }
                }
                default -> {
                }
            }
        }
    }

    private static int line(Event e) {
        return e.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    private static String firstLine(String message) {
        return message == null ? "unreadable" : message.lines().findFirst().orElse(message);
    }

    private static PolicyException fail(Path file, String message) {
        return new PolicyException(List.of(new PolicyProblem(file, 0, null, message)));
    }
}

package org.connwatch.detect.blocklist;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.connwatch.io.BoundedLineReader;
import org.connwatch.present.SafeText;
import org.connwatch.records.Cidr;
import org.connwatch.records.IpAddresses;

/**
 * Reads block list files in any {@link BlocklistFormat} (see there for samples of each) into a
 * {@link Blocklists.Builder}. Text is UTF-8 (bad bytes replaced). A bad line is counted and skipped,
 * never fatal; the first few are kept, with their line numbers, for one notice per file.
 *
 * <p>Told no format, it looks at the first {@value #SNIFF_LINES} entry lines: {@code BLOCK ; NOTE}
 * or JSON lines are DROP, {@code ADDRESS NAME...} a hosts file, lone domains a domain list, lone
 * addresses and blocks a FireHOL netset (a {@code .netset}/{@code .ipset} name or a comment naming
 * FireHOL), a DROP list (a comment naming Spamhaus) or a plain list.
 */
public final class BlocklistReader {
    /** Entry lines looked at to tell the format. */
    public static final int SNIFF_LINES = 200;
    /** Longer lines are bad lines (and only this much of them is ever held). */
    static final int MAX_LINE = 1000;
    private static final int EXAMPLES = 3;
    private static final int SAMPLE_CHARS = 80;
    private static final Set<String> OWN_HOST_NAMES = Set.of("localhost", "localhost.localdomain", "localhost4",
            "localhost4.localdomain4", "localhost6", "localhost6.localdomain6", "local", "broadcasthost",
            "ip6-localhost", "ip6-loopback", "ip6-localnet", "ip6-mcastprefix", "ip6-allnodes", "ip6-allrouters",
            "ip6-allhosts", "0.0.0.0");

    private final Blocklists.Builder into;
    private final JsonFactory json = JsonFactory.builder().build();

    BlocklistReader(Blocklists.Builder into) {
        this.into = into;
    }

    /**
     * Tells the format of a block list file from its first lines (and its name).
     *
     * @throws IOException when it cannot be read; {@link NoSuchFileException} when it does not exist
     */
    public static BlocklistFormat detect(Path file) throws IOException {
        int drop = 0;
        int hosts = 0;
        int addresses = 0;
        int domains = 0;
        boolean spamhaus = false;
        boolean firehol = false;
        try (InputStream in = open(file)) {
            BoundedLineReader lines = new BoundedLineReader(in, MAX_LINE);
            int seen = 0;
            for (BoundedLineReader.Line l = lines.next(); l != null && seen < SNIFF_LINES; l = lines.next()) {
                String t = l.text().strip();
                if (t.startsWith("#") || t.startsWith(";")) {
                    String lower = t.toLowerCase(Locale.ROOT);
                    spamhaus |= lower.contains("spamhaus");
                    firehol |= lower.contains("firehol");
                    continue;
                }
                if (t.startsWith("{")) {
                    drop++;
                    seen++;
                    continue;
                }
                String content = cut(t, '#');
                if (content.isEmpty()) {
                    continue;
                }
                seen++;
                int semicolon = content.indexOf(';');
                if (semicolon >= 0) {
                    boolean noted = !content.substring(semicolon + 1).isBlank();
                    content = content.substring(0, semicolon).strip();
                    if (noted && isBlock(content)) {
                        drop++;
                        continue;
                    }
                }
                String[] tokens = content.split("\\s+");
                if (tokens.length >= 2 && isAddress(tokens[0])) {
                    hosts++;
                } else if (tokens.length == 1 && isBlock(tokens[0])) {
                    addresses++;
                } else if (tokens.length == 1 && domainProblem(tokens[0]) == null) {
                    domains++;
                }
            }
        }
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean netsetName = name.endsWith(".netset") || name.endsWith(".ipset");
        int best = Math.max(Math.max(drop, hosts), Math.max(addresses, domains));
        if (best == 0) {
            return netsetName ? BlocklistFormat.NETSET : name.equals("hosts") || name.endsWith(".hosts")
                    ? BlocklistFormat.HOSTS : BlocklistFormat.PLAIN;
        }
        if (drop == best) {
            return BlocklistFormat.DROP;
        }
        if (hosts == best) {
            return BlocklistFormat.HOSTS;
        }
        if (addresses == best) {
            return netsetName || firehol ? BlocklistFormat.NETSET
                    : spamhaus ? BlocklistFormat.DROP : BlocklistFormat.PLAIN;
        }
        return BlocklistFormat.DOMAINS;
    }

    /** Reads one file (format null: detected) into the builder. */
    ListReport read(Path file, BlocklistFormat format) throws IOException {
        BlocklistFormat f = format != null ? format : detect(file);
        String list = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        Tally tally = new Tally();
        try (InputStream in = open(file)) {
            BoundedLineReader lines = new BoundedLineReader(in, MAX_LINE);
            for (BoundedLineReader.Line l = lines.next(); l != null; l = lines.next()) {
                if (l.cut()) {
                    tally.bad(l, "longer than " + MAX_LINE + " bytes");
                    continue;
                }
                String problem = switch (f) {
                    case PLAIN, NETSET -> readBlock(cut(cut(l.text(), '#'), ';'), list, tally);
                    case DROP -> readDrop(l.text().strip(), list, tally);
                    case HOSTS -> readHosts(cut(l.text(), '#'), list, tally);
                    case DOMAINS -> readDomain(cut(l.text(), '#'), list, tally);
                };
                if (problem != null) {
                    tally.bad(l, problem);
                }
            }
        }
        return new ListReport(list, f, tally.addresses, tally.domains, tally.ignored, tally.bad, tally.examples);
    }

    /** A block or address alone on its line ({@code 192.0.2.0/24}). */
    private String readBlock(String content, String list, Tally tally) {
        return readBlock(content, list, null, tally);
    }

    private String readBlock(String content, String list, String note, Tally tally) {
        if (content.isEmpty()) {
            return null;
        }
        if (hasSpace(content)) {
            return "more than one entry on the line";
        }
        Cidr cidr = parseBlock(content);
        if (cidr == null) {
            return "not an IP address or CIDR block";
        }
        into.addBlock(cidr, into.source(list, note));
        tally.addresses++;
        return null;
    }

    /** {@code 1.10.16.0/20 ; SBL256894}, or a JSON line, or a {@code ;} comment. */
    private String readDrop(String t, String list, Tally tally) throws IOException {
        if (t.startsWith(";")) {
            return null;
        }
        if (t.startsWith("{")) {
            return readDropJson(t, list, tally);
        }
        String content = cut(t, '#');
        int semicolon = content.indexOf(';');
        if (semicolon < 0) {
            return readBlock(content, list, tally);
        }
        String note = content.substring(semicolon + 1).strip();
        String block = content.substring(0, semicolon).strip();
        if (block.isEmpty()) {
            return "no block before the ';'";
        }
        return readBlock(block, list, note.isEmpty() ? null : note, tally);
    }

    private String readDropJson(String t, String list, Tally tally) throws IOException {
        String cidr = null;
        String sbl = null;
        String type = null;
        try (JsonParser p = json.createParser(t)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return "not a JSON object";
            }
            for (JsonToken tok = p.nextToken(); tok == JsonToken.FIELD_NAME; tok = p.nextToken()) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                String text = value != null && value.isScalarValue() ? p.getValueAsString() : null;
                switch (field) {
                    case "cidr" -> cidr = text;
                    case "sblid" -> sbl = text;
                    case "type" -> type = text;
                    default -> p.skipChildren();
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return "not a JSON object";
        }
        if ("metadata".equals(type)) {
            tally.ignored++;
            return null;
        }
        if (cidr == null) {
            return "a JSON line without \"cidr\"";
        }
        if (cidr.isBlank()) {
            return "not an IP address or CIDR block";
        }
        return readBlock(cidr.strip(), list, sbl == null || sbl.isBlank() ? null : sbl.strip(), tally);
    }

    /** {@code 0.0.0.0 bad.example other.example}. */
    private String readHosts(String content, String list, Tally tally) {
        if (content.isEmpty()) {
            return null;
        }
        String[] tokens = content.split("\\s+");
        if (tokens.length < 2) {
            return "a hosts line needs an address and a name";
        }
        boolean own = true;
        for (int i = 1; i < tokens.length; i++) {
            own &= OWN_HOST_NAMES.contains(tokens[i].toLowerCase(Locale.ROOT));
        }
        if (own) {
            tally.ignored++;
            return null;
        }
        InetAddress address;
        try {
            address = IpAddresses.parse(tokens[0]);
        } catch (IllegalArgumentException e) {
            return "not an IP address before the names";
        }
        if (!isSink(address)) {
            tally.ignored++; // the system's own entry (127.0.1.1 myhost, ff02::1 ip6-allnodes ...), not a block
            return null;
        }
        int source = into.source(list, null);
        String problem = null;
        for (int i = 1; i < tokens.length; i++) {
            if (OWN_HOST_NAMES.contains(tokens[i].toLowerCase(Locale.ROOT))) {
                continue;
            }
            String name = DomainNames.normalize(tokens[i]);
            String why = name == null ? "empty name" : DomainNames.problem(name);
            if (why != null) {
                problem = problem == null ? why : problem;
                continue;
            }
            into.addDomain(name, false, source);
            tally.domains++;
        }
        return problem;
    }

    /** {@code evil.test}, {@code *.evil.test}, {@code .evil.test}; an address or block is taken as one. */
    private String readDomain(String content, String list, Tally tally) {
        if (content.isEmpty()) {
            return null;
        }
        if (hasSpace(content)) {
            return "more than one entry on the line";
        }
        char first = content.charAt(0);
        if ((first >= '0' && first <= '9' || first == ':') && parseBlock(content) != null) {
            return readBlock(content, list, tally);
        }
        String why = domainProblem(content);
        if (why != null) {
            return why;
        }
        into.addDomain(DomainNames.normalize(DomainNames.wildcardless(content)), true, into.source(list, null));
        tally.domains++;
        return null;
    }

    private static String domainProblem(String token) {
        String name = DomainNames.normalize(DomainNames.wildcardless(token));
        return name == null ? "empty domain name" : DomainNames.problem(name);
    }

    /** The addresses hosts-file block lists send names to. */
    private static boolean isSink(InetAddress a) {
        if (a.isAnyLocalAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (b.length == 4) {
            return b[0] == 127 && b[1] == 0 && b[2] == 0 && b[3] == 1;
        }
        return a.isLoopbackAddress();
    }

    private static Cidr parseBlock(String s) {
        try {
            return Cidr.parse(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean isBlock(String s) {
        return parseBlock(s) != null;
    }

    private static boolean isAddress(String s) {
        return s.indexOf('/') < 0 && parseBlock(s) != null;
    }

    private static boolean hasSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** The text before {@code c}, stripped. */
    private static String cut(String s, char c) {
        int at = s.indexOf(c);
        return (at < 0 ? s : s.substring(0, at)).strip();
    }

    private static InputStream open(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException("the block list " + file + " is a directory, not a file");
        }
        InputStream in;
        try {
            in = Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "the block list file does not exist");
        }
        return in;
    }

    /** Counts for one file. */
    private static final class Tally {
        long addresses;
        long domains;
        long ignored;
        long bad;
        final List<String> examples = new ArrayList<>();

        void bad(BoundedLineReader.Line l, String why) {
            bad++;
            if (examples.size() < EXAMPLES) {
                examples.add("line " + l.number() + ": " + SafeText.terminal(why, SAMPLE_CHARS) + ": '"
                        + SafeText.terminal(l.text(), SAMPLE_CHARS) + "'");
            }
        }
    }
}

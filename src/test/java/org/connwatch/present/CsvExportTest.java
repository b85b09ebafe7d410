package org.connwatch.present;

import static org.assertj.core.api.Assertions.assertThat;
import static org.connwatch.present.Conns.CONTEXT;
import static org.connwatch.present.Conns.listener;
import static org.connwatch.present.Conns.tcp;
import static org.connwatch.present.Conns.withTraffic;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.connwatch.records.Connection;
import org.connwatch.records.ConnectionState;
import org.connwatch.records.Direction;
import org.connwatch.records.ProcessInfo;
import org.junit.jupiter.api.Test;

class CsvExportTest {
    private static final CsvExport EXPORT = new CsvExport(ExportFields.ALL);
    private static final Connection WEB = withTraffic(tcp(ConnectionState.ESTABLISHED, Direction.OUTBOUND,
            "10.0.0.5:51000", "93.184.215.14:443"), 1536, 20000)
            .withProcess(new ProcessInfo(4242, 1, "firefox", "/usr/lib/firefox/firefox", false,
                    "/usr/lib/firefox/firefox --private", 1000, "alice", null, null));

    private static String csv(List<Connection> connections) throws IOException {
        StringWriter out = new StringWriter();
        EXPORT.write(connections, CONTEXT, out);
        return out.toString();
    }

    /**
     * A small RFC 4180 reader: records end with CRLF; a field in double quotes may hold commas,
     * CR, LF and doubled quotes; a quote anywhere else is an error, as is text after a closing quote.
     */
    static List<List<String>> readRfc4180(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        boolean startOfField = true;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (startOfField && c == '"') {
                i++;
                while (true) {
                    if (i >= text.length()) {
                        throw new IllegalArgumentException("unterminated quoted field");
                    }
                    char q = text.charAt(i++);
                    if (q == '"') {
                        if (i < text.length() && text.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        field.append(q);
                    }
                }
                if (i < text.length() && text.charAt(i) != ',' && text.charAt(i) != '\r') {
                    throw new IllegalArgumentException("text after a closing quote at " + i);
                }
                startOfField = false;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
                startOfField = true;
                i++;
            } else if (c == '\r') {
                if (i + 1 >= text.length() || text.charAt(i + 1) != '\n') {
                    throw new IllegalArgumentException("bare CR at " + i);
                }
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
                startOfField = true;
                i += 2;
            } else if (c == '"' || c == '\n') {
                throw new IllegalArgumentException("unquoted " + (c == '"' ? "quote" : "LF") + " at " + i);
            } else {
                field.append(c);
                startOfField = false;
                i++;
            }
        }
        if (!record.isEmpty() || field.length() > 0) {
            throw new IllegalArgumentException("the last record does not end with CRLF");
        }
        return records;
    }

    @Test
    void theReaderItselfFollowsTheRfc() {
        // the examples of RFC 4180 section 2
        assertThat(readRfc4180("aaa,bbb,ccc\r\nzzz,yyy,xxx\r\n"))
                .containsExactly(List.of("aaa", "bbb", "ccc"), List.of("zzz", "yyy", "xxx"));
        assertThat(readRfc4180("\"aaa\",\"b\r\nbb\",\"ccc\"\r\n")).containsExactly(List.of("aaa", "b\r\nbb", "ccc"));
        assertThat(readRfc4180("\"aaa\",\"b\"\"bb\",\"ccc\"\r\n")).containsExactly(List.of("aaa", "b\"bb", "ccc"));
        assertThat(readRfc4180("a,,\r\n")).containsExactly(List.of("a", "", ""));
    }

    @Test
    void theHeaderIsTheFieldNamesInOrder() throws IOException {
        List<List<String>> rows = readRfc4180(csv(List.of()));

        assertThat(rows).hasSize(1);
        assertThat(rows.getFirst()).isEqualTo(ExportFields.ALL.stream().map(ExportField::name).toList());
        assertThat(csv(List.of())).startsWith("@timestamp,event.start,event.end,event.duration,host.name,");
    }

    @Test
    void cellsAreQuotedOnlyWhenTheyMustBe() {
        assertThat(CsvExport.cell("plain text")).isEqualTo("plain text");
        assertThat(CsvExport.cell("")).isEqualTo("");
        assertThat(CsvExport.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(CsvExport.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(CsvExport.cell("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(CsvExport.cell("cr\rhere")).isEqualTo("\"cr\rhere\"");
        assertThat(CsvExport.cell("\"")).isEqualTo("\"\"\"\"");
    }

    @Test
    void hostileValuesComeBackExactly() throws IOException {
        String name = "a,b \"c\"\r\nd\ne\\f";
        String commandLine = "sh -c 'echo \"x,y\"'\n--flag=\"\"";
        Connection c = WEB.withProcess(new ProcessInfo(666, 1, name, "/tmp/x", false, commandLine, 0, "root", null,
                null));

        List<List<String>> rows = readRfc4180(csv(List.of(c)));
        int nameColumn = rows.getFirst().indexOf("process.name");
        int commandColumn = rows.getFirst().indexOf("process.command_line");

        assertThat(rows).hasSize(2);
        assertThat(rows.get(1).get(nameColumn)).isEqualTo(name);
        assertThat(rows.get(1).get(commandColumn)).isEqualTo(commandLine);
    }

    @Test
    void everyRowHasEveryColumnAndAbsentValuesAreEmpty() throws IOException {
        Connection hostile = WEB.withProcess(new ProcessInfo(666, 1, ",,,\"\r\n", null, false, ",", 0, "root", null,
                null));
        List<List<String>> rows = readRfc4180(csv(List.of(WEB, listener("0.0.0.0:22"), hostile)));
        List<String> header = rows.getFirst();

        assertThat(rows).hasSize(4).allSatisfy(r -> assertThat(r).hasSize(ExportFields.ALL.size()));
        List<String> web = rows.get(1);
        List<String> sshd = rows.get(2);
        assertThat(web.get(header.indexOf("source.ip"))).isEqualTo("10.0.0.5");
        assertThat(web.get(header.indexOf("destination.port"))).isEqualTo("443");
        assertThat(web.get(header.indexOf("source.bytes"))).isEqualTo("1536");
        assertThat(web.get(header.indexOf("@timestamp"))).isEqualTo("2025-06-01T12:00:02.500Z");
        assertThat(web.get(header.indexOf("process.executable_deleted"))).isEqualTo("false");
        assertThat(sshd.get(header.indexOf("source.ip"))).isEmpty();
        assertThat(sshd.get(header.indexOf("process.name"))).isEmpty();
        assertThat(sshd.get(header.indexOf("destination.port"))).isEqualTo("22");
    }

    @Test
    void rowsEndWithCrLf() throws IOException {
        String text = csv(List.of(WEB));

        assertThat(text).endsWith("\r\n");
        assertThat(text.replace("\r\n", "")).doesNotContain("\r", "\n");
    }
}

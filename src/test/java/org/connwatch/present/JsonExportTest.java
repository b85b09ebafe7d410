package org.connwatch.present;

import static org.assertj.core.api.Assertions.assertThat;
import static org.connwatch.present.Conns.CONTEXT;
import static org.connwatch.present.Conns.listener;
import static org.connwatch.present.Conns.tcp;
import static org.connwatch.present.Conns.withTraffic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.connwatch.records.Connection;
import org.connwatch.records.ConnectionState;
import org.connwatch.records.Direction;
import org.connwatch.records.ProcessInfo;
import org.junit.jupiter.api.Test;

class JsonExportTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonExport EXPORT = new JsonExport(ExportFields.ALL);
    private static final String HOSTILE = "evil \"quoted\" back\\slash\nnew line\r\ttab \u001b[31mred\u001b[0m"
            + " <img src=x onerror=alert(1)> \u202e \u2028 名前 \uD83D\uDE00 \u0000 end";

    private static final Connection WEB = withTraffic(tcp(ConnectionState.ESTABLISHED, Direction.OUTBOUND,
            "10.0.0.5:51000", "93.184.215.14:443"), 1536, 20000)
            .withProcess(new ProcessInfo(4242, 1, "firefox", "/usr/lib/firefox/firefox", false,
                    "/usr/lib/firefox/firefox --private", 1000, "alice", null, null));

    private static String document(Connection c) throws IOException {
        StringWriter out = new StringWriter();
        EXPORT.writeDocument(c, CONTEXT, out);
        return out.toString();
    }

    private static JsonNode parse(Connection c) throws IOException {
        return MAPPER.readTree(document(c));
    }

    @Test
    void dottedNamesBecomeNestedObjects() throws IOException {
        JsonNode doc = parse(WEB);

        assertThat(doc.get("destination").get("port").isIntegralNumber()).isTrue();
        assertThat(doc.get("destination").get("port").intValue()).isEqualTo(443);
        assertThat(doc.get("destination").get("ip").textValue()).isEqualTo("93.184.215.14");
        assertThat(doc.get("source").get("bytes").longValue()).isEqualTo(1536);
        assertThat(doc.get("process").get("parent").get("pid").intValue()).isEqualTo(1);
        assertThat(doc.get("network").get("transport").textValue()).isEqualTo("tcp");
        assertThat(doc.get("network").get("community_id").textValue()).startsWith("1:");
        assertThat(doc.has("destination.port")).as("no flat dotted keys").isFalse();
        // "@timestamp" has no dot and stays a top-level key
        assertThat(doc.get("@timestamp").isTextual()).isTrue();
    }

    @Test
    void absentValuesAreLeftOut() throws IOException {
        JsonNode doc = parse(listener("0.0.0.0:22"));

        assertThat(doc.has("source")).isFalse();
        assertThat(doc.has("process")).isFalse();
        assertThat(doc.has("user")).isFalse();
        assertThat(doc.has("remote")).isFalse();
        assertThat(doc.get("network").has("community_id")).isFalse();
        assertThat(doc.get("destination").has("bytes")).isFalse();
        assertThat(document(listener("0.0.0.0:22"))).doesNotContain("null");
    }

    @Test
    void instantsAreIso8601Text() throws IOException {
        JsonNode doc = parse(WEB);

        assertThat(doc.get("@timestamp").textValue()).isEqualTo("2025-06-01T12:00:02.500Z");
        assertThat(doc.get("event").get("start").textValue()).isEqualTo("2025-06-01T12:00:00Z");
        assertThat(Instant.parse(doc.get("event").get("end").textValue())).isEqualTo(Conns.LAST);
        assertThat(doc.get("event").get("duration").longValue()).isEqualTo(2_500_000_000L);
    }

    @Test
    void aHostileProcessNameAndCommandLineRoundTripExactly() throws IOException {
        Connection c = WEB.withProcess(new ProcessInfo(666, 1, HOSTILE, "/tmp/" + HOSTILE, true, HOSTILE + " --x",
                0, "root", null, null));

        String text = document(c);
        JsonNode doc = MAPPER.readTree(text);

        assertThat(doc.get("process").get("name").textValue()).isEqualTo(HOSTILE);
        assertThat(doc.get("process").get("command_line").textValue()).isEqualTo(HOSTILE + " --x");
        assertThat(doc.get("process").get("executable").textValue()).isEqualTo("/tmp/" + HOSTILE);
        // control characters never appear raw: the document stays on one line and cannot drive a terminal
        assertThat(text).doesNotContain("\n", "\r", "\u001b", "\u0000");
        // and the name cannot close its string to add keys of its own
        assertThat(doc.get("process").fieldNames()).toIterable()
                .containsExactly("pid", "parent", "name", "executable", "executable_deleted", "command_line");
    }

    @Test
    void anEmptyArrayIsValidJson() throws IOException {
        StringWriter out = new StringWriter();
        EXPORT.writeArray(List.of(), CONTEXT, out);

        JsonNode doc = MAPPER.readTree(out.toString());
        assertThat(doc.isArray()).isTrue();
        assertThat(doc).isEmpty();
        assertThat(out.toString().strip()).isEqualTo("[]");
    }

    @Test
    void anArrayHasOneDocumentPerConnection() throws IOException {
        StringWriter out = new StringWriter();
        EXPORT.writeArray(List.of(WEB, listener("0.0.0.0:22")), CONTEXT, out);

        JsonNode doc = MAPPER.readTree(out.toString());
        assertThat(doc.isArray()).isTrue();
        assertThat(doc).hasSize(2);
        assertThat(doc.get(0).get("process").get("name").textValue()).isEqualTo("firefox");
        assertThat(doc.get(1).get("network").get("direction").textValue()).isEqualTo("listening");
        assertThat(List.of(out.toString().split("\n"))).hasSize(4).first().isEqualTo("[");
    }

    @Test
    void ndjsonIsOneObjectPerLine() throws IOException {
        Connection hostile = WEB.withProcess(new ProcessInfo(666, 1, HOSTILE, null, false, HOSTILE, 0, "root", null,
                null));
        StringWriter out = new StringWriter();
        EXPORT.writeLines(List.of(WEB, hostile, listener("[::]:443")), CONTEXT, out);

        String text = out.toString();
        assertThat(text).endsWith("}\n");
        String[] lines = text.split("\n", -1);
        assertThat(List.of(lines)).hasSize(4).last().isEqualTo("");
        for (int i = 0; i < 3; i++) {
            JsonNode doc = MAPPER.readTree(lines[i]);
            assertThat(doc.isObject()).as(lines[i]).isTrue();
        }
        assertThat(MAPPER.readTree(lines[1]).get("process").get("name").textValue()).isEqualTo(HOSTILE);
        assertThat(MAPPER.readTree(lines[2]).get("destination").get("ip").textValue()).isEqualTo("::");
    }

    @Test
    void nothingForNoConnectionsInNdjson() throws IOException {
        StringWriter out = new StringWriter();
        EXPORT.writeLines(List.of(), CONTEXT, out);

        assertThat(out.toString()).isEmpty();
    }

    @Test
    void refusesAFieldListWhoseObjectWouldBeOpenedTwice() {
        List<ExportField> scattered = List.of(
                new ExportField("source.ip", (c, x) -> "10.0.0.1"),
                new ExportField("destination.ip", (c, x) -> "10.0.0.2"),
                new ExportField("source.port", (c, x) -> 1));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new JsonExport(scattered))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'source'");
    }

    @Test
    void anObjectWhoseFieldsAreAllAbsentIsLeftOut() throws IOException {
        List<ExportField> fields = List.of(
                new ExportField("a.x", (c, x) -> null),
                new ExportField("a.b.y", (c, x) -> null),
                new ExportField("c", (c, x) -> 1),
                new ExportField("d.e.f", (c, x) -> "deep"),
                new ExportField("d.g", (c, x) -> true));
        StringWriter out = new StringWriter();
        new JsonExport(fields).writeDocument(listener("0.0.0.0:22"), CONTEXT, out);
        assertThat(out.toString()).isEqualTo("{\"c\":1,\"d\":{\"e\":{\"f\":\"deep\"},\"g\":true}}");
    }
}

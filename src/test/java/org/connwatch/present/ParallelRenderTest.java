package org.connwatch.present;

import static org.assertj.core.api.Assertions.assertThat;
import static org.connwatch.present.Conns.CONTEXT;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.connwatch.records.Connection;
import org.connwatch.records.ConnectionState;
import org.connwatch.records.Direction;
import org.junit.jupiter.api.Test;

/** Rendering in parts on several threads gives exactly what one thread writes, in the same order. */
class ParallelRenderTest {

    private static List<Connection> manyConnections(int n) {
        List<Connection> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rows.add(Conns.tcp(ConnectionState.ESTABLISHED, Direction.OUTBOUND,
                    "10.0." + (i / 250) + "." + (i % 250) + ":" + (1024 + i), "192.0.2.7:443"));
        }
        return rows;
    }

    @Test
    void aJsonArrayRenderedInPartsIsTheSameBytesAsInOne() throws Exception {
        List<Connection> rows = manyConnections(5_001); // three parts, the last of one row
        StringWriter one = new StringWriter();
        new JsonExport(ExportFields.ALL).writeArray(rows, CONTEXT, one);

        StringWriter parts = new StringWriter();
        parts.write("[");
        ParallelRender.write(rows, () -> {
            JsonExport json = new JsonExport(ExportFields.ALL);
            FieldContext mine = CONTEXT.forAnotherThread();
            return (part, first, w) -> json.writeArrayPart(part, first, mine, w);
        }, parts);
        parts.write("\n]\n");

        assertThat(parts.toString()).isEqualTo(one.toString());
        assertThat(new ObjectMapper().readTree(parts.toString())).hasSize(5_001);
    }

    @Test
    void csvRowsRenderedInPartsKeepTheirOrder() throws Exception {
        List<Connection> rows = manyConnections(4_500);
        CsvExport csv = new CsvExport(ExportFields.ALL);
        StringWriter one = new StringWriter();
        csv.write(rows, CONTEXT, one);

        StringWriter parts = new StringWriter();
        csv.writeHeader(parts);
        ParallelRender.write(rows, () -> {
            FieldContext mine = CONTEXT.forAnotherThread();
            return (part, first, w) -> csv.writeRows(part, mine, w);
        }, parts);

        assertThat(parts.toString()).isEqualTo(one.toString());
    }

    @Test
    void aFailingPartFailsTheWholeWrite() {
        List<Connection> rows = manyConnections(4_100);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ParallelRender.write(rows,
                        () -> (part, first, w) -> {
                            if (!first) {
                                throw new java.io.IOException("disk full");
                            }
                            w.write("ok");
                        }, new StringWriter()))
                .isInstanceOf(java.io.IOException.class).hasMessage("disk full");
    }
}

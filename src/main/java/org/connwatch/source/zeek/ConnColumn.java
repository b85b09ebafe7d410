package org.connwatch.source.zeek;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The conn.log columns connwatch reads, by their Zeek names ({@code Conn::Info}); every other
 * column is ignored. {@link #PATH} is the {@code _path} key some JSON writers add to each object.
 */
enum ConnColumn {
    TS("ts", true),
    ORIG_H("id.orig_h", true),
    ORIG_P("id.orig_p", true),
    RESP_H("id.resp_h", true),
    RESP_P("id.resp_p", true),
    PROTO("proto", true),
    SERVICE("service", false),
    DURATION("duration", false),
    ORIG_BYTES("orig_bytes", false),
    RESP_BYTES("resp_bytes", false),
    CONN_STATE("conn_state", false),
    LOCAL_ORIG("local_orig", false),
    LOCAL_RESP("local_resp", false),
    ORIG_PKTS("orig_pkts", false),
    RESP_PKTS("resp_pkts", false),
    PATH("_path", false);

    /** The number of columns: the length of a values array indexed by ordinal. */
    static final int COUNT = values().length;

    private static final Map<String, ConnColumn> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(ConnColumn::zeekName, Function.identity()));

    private final String zeekName;
    private final boolean required;

    ConnColumn(String zeekName, boolean required) {
        this.zeekName = zeekName;
        this.required = required;
    }

    /** The column of a Zeek field name, or null for one connwatch does not read. */
    static ConnColumn byName(String name) {
        return BY_NAME.get(name);
    }

    String zeekName() {
        return zeekName;
    }

    /** True for the columns without which a line says nothing: ts, the 4-tuple and proto. */
    boolean required() {
        return required;
    }
}

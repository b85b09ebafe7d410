package org.connwatch.present;

import java.util.function.BiFunction;
import org.connwatch.records.Connection;

/**
 * One field of the JSON and CSV exports: its dotted name (ECS where ECS has one) and how to read
 * it from a connection. A null value means "absent": omitted from JSON, an empty CSV cell.
 *
 * @param name  the dotted name, e.g. {@code destination.port}
 * @param value reads the value: a String, a Number, a Boolean or an Instant
 */
public record ExportField(String name, BiFunction<Connection, FieldContext, Object> value) {
}

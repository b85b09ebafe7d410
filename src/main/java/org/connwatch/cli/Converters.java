package org.connwatch.cli;

import org.connwatch.enrich.ServiceRegistry;
import org.connwatch.records.Cidr;
import org.connwatch.records.Transport;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Option value converters whose errors name the bad text in one line. */
final class Converters {
    private Converters() {
    }

    /** {@code 10.0.0.0/8}, {@code 2001:db8::/32} or a bare address. */
    static final class CidrConverter implements ITypeConverter<Cidr> {
        @Override
        public Cidr convert(String value) {
            try {
                return Cidr.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** A duration such as {@code 90s}, {@code 10m} or {@code 1h30m}. */
    static final class DurationConverter implements ITypeConverter<java.time.Duration> {
        @Override
        public java.time.Duration convert(String value) {
            try {
                return org.connwatch.policy.Quantities.duration(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** A port number 0..65535, or a service name from the port registry ({@code https}). */
    static final class PortConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            String v = value.strip();
            if (!v.isEmpty() && v.chars().allMatch(Character::isDigit)) {
                if (v.length() <= 5 && Integer.parseInt(v) <= 65535) {
                    return Integer.parseInt(v);
                }
                throw new TypeConversionException("'" + value + "' is not a port (0..65535)");
            }
            ServiceRegistry registry = ServiceRegistry.bundled();
            return registry.port(v, Transport.TCP)
                    .or(() -> registry.port(v, Transport.UDP))
                    .orElseThrow(() -> new TypeConversionException(
                            "'" + value + "' is neither a port number nor a known service name"));
        }
    }
}

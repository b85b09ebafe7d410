package org.connwatch.policy;

import java.util.HexFormat;
import java.util.Locale;
import org.connwatch.records.Cidr;

/** One way an inventory entry recognises its host: an address block, a MAC address or a host name. */
public sealed interface HostMatcher {

    /** The policy-file key this matcher is written under: {@code ip}, {@code cidr}, {@code mac}, {@code hostname}. */
    String key();

    /** An address or address block ({@code ip:} or {@code cidr:}). */
    record Address(String key, Cidr block) implements HostMatcher {
        @Override
        public String toString() {
            return block.toString();
        }
    }

    /** A MAC address, kept in the lower-case colon form {@code 3c:2a:f4:00:11:22}. */
    record Mac(String address) implements HostMatcher {
        public Mac {
            address = normalise(address);
        }

        @Override
        public String key() {
            return "mac";
        }

        /** True when the other MAC address (any of the usual notations) is this one. */
        public boolean matches(String other) {
            try {
                return other != null && address.equals(normalise(other));
            } catch (IllegalArgumentException e) {
                return false;
            }
        }

        /**
         * Brings {@code 3C-2A-F4-00-11-22}, {@code 3c2a.f400.1122} or {@code 3c2af4001122} to {@code 3c:2a:f4:00:11:22}.
         *
         * @throws IllegalArgumentException when it is not a 48-bit MAC address
         */
        public static String normalise(String text) {
            String hex = text.strip().toLowerCase(Locale.ROOT).replaceAll("[:.-]", "");
            if (hex.length() != 12 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw new IllegalArgumentException("'" + text + "' is not a MAC address like 3c:2a:f4:00:11:22");
            }
            return HexFormat.ofDelimiter(":").formatHex(HexFormat.of().parseHex(hex));
        }

        @Override
        public String toString() {
            return address;
        }
    }

    /** A host name, compared without regard to case; {@code *} and {@code ?} are wildcards. */
    record HostName(Glob pattern) implements HostMatcher {
        @Override
        public String key() {
            return "hostname";
        }

        /** True when the name matches, ignoring a trailing dot. */
        public boolean matches(String name) {
            return name != null && pattern.matches(name.endsWith(".") ? name.substring(0, name.length() - 1) : name);
        }

        @Override
        public String toString() {
            return pattern.toString();
        }
    }
}

package org.connwatch.present.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;

/**
 * The secret that every request to a dashboard reachable from other machines must carry: 256
 * random bits, base64url, kept in {@value #FILE_NAME} in the state directory with mode 0600.
 * Created on first start; a file that others could read (or that is not a regular file, or holds
 * no valid token) stops the server with a one-line message rather than be trusted. Immutable.
 */
public final class AccessToken {
    /** The token file's name in the state directory. */
    public static final String FILE_NAME = "web-token";
    private static final int BYTES = 32;
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private final String value;

    private AccessToken(String value) {
        this.value = value;
    }

    /** The token as text (43 base64url characters). */
    public String value() {
        return value;
    }

    /** True when {@code candidate} is this token; compares in constant time. */
    public boolean matches(String candidate) {
        if (candidate == null) {
            return false;
        }
        return MessageDigest.isEqual(value.getBytes(StandardCharsets.US_ASCII),
                candidate.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Reads the token file of the state directory, creating the directory (0700) and the file (0600)
     * with a new random token when there is none.
     *
     * @throws WebStartException when the file is readable by others, not a regular file, holds no
     *                           valid token, or cannot be read or written
     */
    public static AccessToken loadOrCreate(Path stateDir) throws WebStartException {
        Path file = stateDir.resolve(FILE_NAME);
        try {
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                create(stateDir, file);
            }
            return read(file);
        } catch (IOException e) {
            throw new WebStartException("cannot read or create the dashboard token " + file + ": " + e.getMessage(), e);
        }
    }

    private static void create(Path stateDir, Path file) throws IOException {
        if (!Files.isDirectory(stateDir)) {
            Files.createDirectories(stateDir, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        }
        byte[] raw = new byte[BYTES];
        new SecureRandom().nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        try {
            // CREATE_NEW with the mode given at creation: never a moment when others could read it.
            Files.writeString(Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY)),
                    token + "\n", StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (FileAlreadyExistsException e) {
            // Another start made it first: read theirs.
        }
    }

    private static AccessToken read(Path file) throws IOException, WebStartException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new WebStartException("the dashboard token " + file + " is not a regular file; remove it and start again");
        }
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
        if (!OWNER_ONLY.containsAll(mode)) {
            throw new WebStartException("the dashboard token " + file + " is readable by others (mode "
                    + PosixFilePermissions.toString(mode) + "); run 'chmod 600 " + file + "' or remove it");
        }
        if (Files.size(file) > 1024) {
            throw new WebStartException("the dashboard token " + file + " is not a token (too long); remove it");
        }
        String token = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (!token.matches("[A-Za-z0-9_-]{43,}")) {
            throw new WebStartException("the dashboard token " + file
                    + " does not hold a valid token (at least 43 base64url characters); remove it to get a new one");
        }
        return new AccessToken(token);
    }

    @Override
    public String toString() {
        return "AccessToken[hidden]";
    }
}

package dev.dispositions.gateway.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A credential. Its {@code toString()} never shows the value, so a record holding it can be logged safely;
 * call {@link #reveal()} only where the value is put on the wire.
 */
public final class Secret {
    private static final String FILE_PREFIX = "file:";
    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value);
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    /**
     * How configuration strings become secrets (Spring's binder calls it). A value {@code file:/path} is read
     * from that file (a mounted Kubernetes secret, say), so credentials come from the environment or files.
     */
    public static Secret valueOf(String source) {
        if (!source.startsWith(FILE_PREFIX)) {
            return new Secret(source);
        }
        Path path = Path.of(source.substring(FILE_PREFIX.length()));
        try {
            return new Secret(Files.readString(path, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            // The path is not secret; the content never reaches the message.
            throw new UncheckedIOException("cannot read secret file " + path, e);
        }
    }

    public String reveal() {
        return value;
    }

    public boolean isBlank() {
        return value.isBlank();
    }

    @Override
    public String toString() {
        return "****";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}

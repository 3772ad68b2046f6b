package dev.dispositions.gateway.delivery;

import java.util.Optional;
import java.util.function.Function;

/**
 * Tokens a connector obtains at run time (a rotating refresh token), kept where every replica finds them, so a
 * restart or a second replica neither logs in again nor spends a single-use token twice. The store implements it.
 */
public interface TokenVault {

    /** Whether tokens outlive this process (a key is configured); if not, {@link #rotate} keeps nothing. */
    boolean enabled();

    Optional<String> read(String tenant, String crm, String name);

    /**
     * Replaces the stored token with what {@code renew} makes of it (the stored value, or empty), with every other
     * replica's rotation of the same token waiting; {@code renew} returns the new token, or throws to keep the old one.
     */
    String rotate(String tenant, String crm, String name, Function<Optional<String>, String> renew);
}

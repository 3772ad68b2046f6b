package dev.dispositions.gateway.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Everything under {@code gateway.*}. {@code tokenKey}: base64 of 32 bytes; encrypts the CRM tokens the gateway
 * obtains at run time in the database (without it they stay in memory). Connectors bind their own settings from
 * {@code gateway.tenants.<tenant>.crms.<crm>.*} (see each connector's properties class); this class only knows
 * whether a connector is enabled.
 */
@Validated
@ConfigurationProperties("gateway")
public record GatewayProperties(
        @Valid @NotNull Admin admin,
        URI publicBaseUrl,
        Secret tokenKey,
        @Valid @DefaultValue Ingest ingest,
        @Valid @DefaultValue Mappings mappings,
        @Valid @DefaultValue Dispatch dispatch,
        @Valid @DefaultValue Retention retention,
        @Valid @DefaultValue Map<String, Tenant> tenants) {

    /** The key for {@code /api/**}; send it as {@code X-Api-Key} or {@code Authorization: Bearer}. */
    public record Admin(Secret apiKey) {
        public Admin {
            if (apiKey == null || apiKey.isBlank()) {
                throw new IllegalArgumentException(
                        "gateway.admin.api-key is required: set GATEWAY_ADMIN_API_KEY (a value, or file:/path/to/key)");
            }
        }
    }

    /**
     * @param maxFutureSkew   how far ahead of its receipt a vendor's time may be and still order the call's events; a
     *                        time further ahead (a wrong clock, a typed 9999-12-31) is replaced by the receipt time
     * @param bodyReadTimeout   how long a webhook's body may take to arrive (408 after it); no thread waits for it
     * @param bodyBufferBudget how much memory the bodies being read may take together (503 beyond it)
     */
    public record Ingest(@DefaultValue("262144") @Min(1024) int maxBodyBytes, @DefaultValue("10m") Duration maxFutureSkew,
                         @DefaultValue("10s") Duration bodyReadTimeout,
                         @DefaultValue("64MB") org.springframework.util.unit.DataSize bodyBufferBudget,
                         @Valid @DefaultValue GroupCommitSettings groupCommit) {
        public Ingest {
            if (maxFutureSkew.isNegative() || maxFutureSkew.compareTo(Duration.ofDays(7)) > 0) {
                throw new IllegalArgumentException("gateway.ingest.max-future-skew must be between 0 and 7 days, not " + maxFutureSkew);
            }
        }
    }

    /**
     * How accepted webhooks are committed together ({@code dev.dispositions.gateway.store.GroupCommit}).
     *
     * @param maxRequests the most webhooks in one transaction
     * @param window      how long a group with fewer waits for more (a lone webhook's 202 waits at most this)
     * @param maxWait     how long a request waits for its commit before it is answered 503 (the dialer retries)
     * @param writers     groups written at once: 1 for the embedded database (its commits go one at a time anyway);
     *                    a few on PostgreSQL, where a group waits mostly for round trips and the commit's flush
     */
    public record GroupCommitSettings(@DefaultValue("256") @Min(1) int maxRequests, @DefaultValue("5ms") Duration window,
                                      @DefaultValue("30s") Duration maxWait, @DefaultValue("1") @Min(1) int writers) {
    }

    /**
     * How long stored data is kept: an event with every delivery done (delivered, skipped by design, discarded by
     * support) for {@code delivered}, one with a dead letter for {@code deadLetters}; the compliance audit always.
     * Deleted by a background job on every replica, {@code batchSize} events per transaction, every {@code every}.
     */
    public record Retention(@DefaultValue("true") boolean enabled, @DefaultValue("30d") Duration delivered,
                            @DefaultValue("90d") Duration deadLetters, @DefaultValue("1m") Duration every,
                            @DefaultValue("500") @Min(1) int batchSize) {
    }

    /** {@code dir}: a folder whose {@code dialers/*.yaml} and {@code crms/*.yaml} replace the packaged defaults. */
    public record Mappings(String dir) {
    }

    /**
     * @param batchSize for a connector that does not say its own (each CRM's batch size is its connector's setting)
     * @param linger    how long a connector with less than a full batch due waits for more before it is sent what there is
     * @param lease     how long a claim holds without renewal; renewed every third of it while its batch is in flight,
     *                  so a replica that died is taken over within it
     * @param concurrency how many batches of one connector may be in flight at once (a call's rows to it never together)
     * @param instance  the name claims carry (default: host and port): restarted under the same name, an instance
     *                  takes back at once what it had in flight
     */
    public record Dispatch(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("500ms") Duration pollInterval,
            @DefaultValue("50") @Min(1) int batchSize,
            @DefaultValue("250ms") Duration linger,
            @DefaultValue("15s") Duration lease,
            @DefaultValue("4") @Min(1) int concurrency,
            String instance,
            @Valid @DefaultValue Retry retry,
            @Valid @DefaultValue Breaker breaker) {
    }

    /**
     * Durable retry schedule: exponential backoff with full jitter, capped, for at most {@code maxAttempts}.
     *
     * @param maxRetryAfter     the longest a CRM's Retry-After is obeyed
     * @param throttleWait      how long a connector waits when the CRM throttles without saying how long
     * @param reauthProbe       how often a connector that needs re-authorising tries one parked row again
     */
    public record Retry(
            @DefaultValue("10s") Duration initialDelay,
            @DefaultValue("6h") Duration maxDelay,
            @DefaultValue("20") @Min(1) int maxAttempts,
            @DefaultValue("1h") Duration maxRetryAfter,
            @DefaultValue("60s") Duration throttleWait,
            @DefaultValue("5m") Duration reauthProbe) {
    }

    /**
     * The circuit breaker each connector has in each gateway instance: when at least {@code failureRatePercent} of the
     * last {@code window} deliveries (once {@code minimumCalls} were made) failed transiently, the connector is not
     * sent to for {@code openFor}; then {@code probes} deliveries decide whether it closes again.
     */
    public record Breaker(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("50") @Min(1) int failureRatePercent,
            @DefaultValue("20") @Min(1) int window,
            @DefaultValue("10") @Min(1) int minimumCalls,
            @DefaultValue("30s") Duration openFor,
            @DefaultValue("3") @Min(1) int probes) {
    }

    public record Tenant(
            @DefaultValue Map<String, DialerSettings> dialers,
            @DefaultValue Map<String, Map<String, Object>> crms) {

        /**
         * A connector is on unless its {@code enabled} is false. (Its settings are bound as a map here because each
         * connector binds its own typed properties; a record with nothing set would be dropped by the binder.)
         */
        public boolean crmEnabled(String crm) {
            Map<String, Object> settings = crms.get(crm);
            return settings != null && !"false".equalsIgnoreCase(String.valueOf(settings.get("enabled")));
        }
    }

    /**
     * One dialer of one tenant.
     *
     * @param secret        its webhook signing secret (HMAC key, auth token, shared token, JWT key)
     * @param labels        this tenant's own vocabulary, laid over the dialer file's table: vendor label → outcome
     *                      (Salesloft dispositions, Aircall tags and Salesfinity disposition ids differ per customer)
     * @param defaultRegion where numbers written without a country code are, for E.164 (ISO 3166, e.g. GB)
     * @param possibleOptOut what an unmapped label that reads like an opt-out becomes for this tenant:
     *                      {@code do-not-contact} or {@code reject}; unset, the dialer file's setting applies
     */
    public record DialerSettings(boolean enabled, Secret secret, Map<String, String> labels, String defaultRegion,
                                 dev.dispositions.gateway.mapping.PossibleOptOut possibleOptOut, Secret previousSecret,
                                 java.time.Instant previousSecretUntil) {
        /**
         * @param previousSecret      a rotated-out secret that still verifies until {@code previousSecretUntil} (required with it)
         *                            ({@code previous-secret}, {@code previous-secret-until}), so a dialer can switch
         *                            to the new one without a refused webhook
         */
        @org.springframework.boot.context.properties.bind.ConstructorBinding
        public DialerSettings(@DefaultValue("true") boolean enabled, Secret secret, @DefaultValue Map<String, String> labels,
                              @DefaultValue("US") String defaultRegion, dev.dispositions.gateway.mapping.PossibleOptOut possibleOptOut,
                              Secret previousSecret, java.time.Instant previousSecretUntil) {
            this.enabled = enabled;
            this.secret = secret;
            this.labels = labels;
            this.defaultRegion = defaultRegion;
            this.possibleOptOut = possibleOptOut;
            this.previousSecret = previousSecret;
            this.previousSecretUntil = previousSecretUntil;
        }

        public DialerSettings(boolean enabled, Secret secret, Map<String, String> labels, String defaultRegion,
                              dev.dispositions.gateway.mapping.PossibleOptOut possibleOptOut) {
            this(enabled, secret, labels, defaultRegion, possibleOptOut, null, null);
        }

        /** The same settings verifying with the rotated-out secret, if it still verifies at {@code now}. */
        public java.util.Optional<DialerSettings> withPreviousSecret(java.time.Instant now) {
            // Without an end, a rotated-out secret would verify for ever: it verifies not at all.
            if (previousSecret == null || previousSecret.isBlank() || previousSecretUntil == null || !now.isBefore(previousSecretUntil)) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(new DialerSettings(enabled, previousSecret, labels, defaultRegion, possibleOptOut, null, null));
        }
    }

}

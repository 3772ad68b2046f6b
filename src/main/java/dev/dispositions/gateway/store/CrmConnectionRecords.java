package dev.dispositions.gateway.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * A run-time tenant's CRM connections: the connector's settings, sealed whole ({@link SecretBox}); the API shows the
 * names of what is set, the values of those that are not secrets, and a fingerprint of the whole.
 */
@Repository
public class CrmConnectionRecords {
    private static final Logger log = LoggerFactory.getLogger(CrmConnectionRecords.class);
    /** Settings whose values are never shown: credentials of every connector are named so. */
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(secret|token|password|key).*");

    private final JdbcTemplate jdbc;
    private final SecretBox box;
    private final ObjectMapper json;

    public CrmConnectionRecords(JdbcTemplate jdbc, SecretBox box, ObjectMapper json) {
        this.jdbc = jdbc;
        this.box = box;
        this.json = json;
    }

    /** @param settings what is set: secrets as {@code "(set)"} */
    public record CrmView(String crm, boolean enabled, Map<String, Object> settings, String fingerprint, OffsetDateTime updatedAt) {
    }

    /** By tenant, by CRM: the settings opened, with {@code enabled}, as the connectors bind them. */
    Map<String, Map<String, Map<String, Object>>> load() {
        Map<String, Map<String, Map<String, Object>>> all = new TreeMap<>();
        jdbc.query("select tenant, crm, enabled, settings_sealed from crm_connection", rs -> {
            var opened = box.open(rs.getString(4));
            if (opened.isEmpty()) {
                log.warn("the settings of CRM {} of tenant {} cannot be opened with the current gateway.token-key: it is left off",
                        rs.getString(2), rs.getString(1));
                return;
            }
            Map<String, Object> settings = new LinkedHashMap<>(read(opened.get()));
            settings.put("enabled", rs.getBoolean(3));
            all.computeIfAbsent(rs.getString(1), t -> new TreeMap<>()).put(rs.getString(2), settings);
        });
        return all;
    }

    /** The connection's settings as stored (secrets included: for the gateway's own use, never to be answered). */
    public Optional<Map<String, Object>> settings(String tenant, String crm) {
        return jdbc.query("select settings_sealed from crm_connection where tenant = ? and crm = ?", (rs, i) -> rs.getString(1), tenant, crm)
                .stream().findFirst().flatMap(box::open).map(this::read);
    }

    public List<CrmView> of(String tenant) {
        return jdbc.query("select crm, enabled, settings_sealed, fingerprint, updated_at from crm_connection where tenant = ? order by crm",
                (rs, i) -> new CrmView(rs.getString(1), rs.getBoolean(2), box.open(rs.getString(3)).map(this::read).map(CrmConnectionRecords::shown)
                        .orElse(Map.of()), rs.getString(4), rs.getObject(5, OffsetDateTime.class)), tenant);
    }

    /** Stores the connection; the CRM tokens obtained with the settings it replaces are dropped (they log in anew). */
    public void put(String tenant, String crm, boolean enabled, Map<String, Object> settings, Instant now) {
        String plain = write(settings);
        jdbc.update("delete from crm_token where tenant = ? and crm = ?", tenant, crm);
        OffsetDateTime at = EventStore.utc(now);
        int changed = jdbc.update("update crm_connection set enabled = ?, settings_sealed = ?, fingerprint = ?, updated_at = ? "
                + "where tenant = ? and crm = ?", enabled, box.seal(plain), box.fingerprint(plain), at, tenant, crm);
        if (changed == 0) {
            jdbc.update("insert into crm_connection (tenant, crm, enabled, settings_sealed, fingerprint, updated_at) values (?, ?, ?, ?, ?, ?)",
                    tenant, crm, enabled, box.seal(plain), box.fingerprint(plain), at);
        }
    }

    public boolean delete(String tenant, String crm) {
        jdbc.update("delete from crm_token where tenant = ? and crm = ?", tenant, crm);
        return jdbc.update("delete from crm_connection where tenant = ? and crm = ?", tenant, crm) == 1;
    }

    void deleteAll(String tenant) {
        jdbc.update("delete from crm_connection where tenant = ?", tenant);
    }

    private static Map<String, Object> shown(Map<String, Object> settings) {
        Map<String, Object> out = new TreeMap<>();
        settings.forEach((k, v) -> out.put(k, SECRET_NAME.matcher(k).matches() ? "(set)" : v instanceof Map<?, ?> m ? shown(cast(m)) : v));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    private Map<String, Object> read(String plain) {
        try {
            return json.readValue(plain, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored CRM settings are not JSON", e);
        }
    }

    private String write(Map<String, Object> settings) {
        try {
            return json.writeValueAsString(settings);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.dispositions.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Events stored before call_phone existed are findable by phone once the backfill migration has run. */
class CallPhoneBackfillTest {
    @Test
    void theBackfillIndexesTheNumbersOfEventsStoredBeforeIt() {
        var db = new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
                "sa", "");
        Flyway.configure().dataSource(db).target("7").load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(db);
        jdbc.update("insert into webhook_request (id, tenant, dialer, idempotency_key, body, received_at) "
                + "values ('r1', 'acme', 'generic', 'k1', '{}', current_timestamp)");
        jdbc.update("insert into call_event (id, request_id, tenant, dialer, call_id, occurred_at, call_state, canonical, received_at) "
                + "values ('e1', 'r1', 'acme', 'generic', 'c1', current_timestamp, 'COMPLETED', ?, current_timestamp)",
                "{\"fromNumber\":\"+14155550100\",\"toNumber\":\"+14155550199\",\"prospect\":{\"phone\":\"+14155550199\"}}");

        Flyway.configure().dataSource(db).load().migrate();

        assertThat(jdbc.queryForList("select phone from call_phone where event_id = 'e1' order by phone", String.class))
                .containsExactly("+14155550100", "+14155550199");
    }
}

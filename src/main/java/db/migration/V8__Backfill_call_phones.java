package db.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.Set;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Fills call_phone (V7) for the events stored before it existed, from each event's canonical JSON. Java, not SQL,
 * because reading JSON differs between H2 and PostgreSQL; Flyway runs it once on either.
 */
public class V8__Backfill_call_phones extends BaseJavaMigration {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void migrate(Context context) throws Exception {
        Connection db = context.getConnection();
        try (Statement read = db.createStatement();
             ResultSet events = read.executeQuery("select id, canonical from call_event");
             PreparedStatement insert = db.prepareStatement("insert into call_phone (event_id, phone) values (?, ?)")) {
            int pending = 0;
            while (events.next()) {
                JsonNode canonical = JSON.readTree(events.getString(2));
                Set<String> phones = new LinkedHashSet<>();
                for (JsonNode n : new JsonNode[] {canonical.path("fromNumber"), canonical.path("toNumber"),
                    canonical.path("prospect").path("phone")}) {
                    if (n.isTextual() && !n.asText().isBlank() && n.asText().length() <= 32) {
                        phones.add(n.asText());
                    }
                }
                for (String phone : phones) {
                    insert.setString(1, events.getString(1));
                    insert.setString(2, phone);
                    insert.addBatch();
                    if (++pending % 1000 == 0) {
                        insert.executeBatch();
                    }
                }
            }
            insert.executeBatch();
        }
    }
}

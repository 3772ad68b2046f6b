package dev.dispositions.gateway.crm.bullhorn;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dispositions.gateway.crm.HttpReply;
import dev.dispositions.gateway.crm.InstallCheck;
import dev.dispositions.gateway.mapping.CrmMapping;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * Before any event is sent: log in, then find every Note field the mapping writes, each action value in the
 * corporation's {@code commentActionList}, the do-not-contact field on ClientContact and Candidate, and the fields
 * of the entities the actions write.
 */
@Component
class BullhornInstallCheck {
    private final BullhornSessions sessions;
    private final BullhornHttp http;
    private final ObjectMapper json;

    BullhornInstallCheck(BullhornSessions sessions, BullhornHttp http, ObjectMapper json) {
        this.http = http;
        this.sessions = sessions;
        this.json = json;
    }

    InstallCheck check(String tenant, CrmMapping mapping) {
        var check = new InstallCheck();
        BullhornSessions.Session session;
        try {
            session = sessions.session(tenant);
        } catch (BullhornSessions.LoginFailed e) {
            return check.fail("credentials", e.getMessage());
        }
        check.pass("credentials", "logged in; REST session at " + session.restUrl());
        try {
            Set<String> note = fieldsOf(session, "Note");
            mapping.activity().fields().keySet().forEach(f -> check.require("Note field", note, f, "meta/Note"));
            check.require("Note field", note, "personReference", "meta/Note");
            HttpReply actions = http.call(session.restUrl() + "settings/commentActionList", "GET", null, null, null,
                    session.bhRestToken());
            Set<String> allowed = new TreeSet<>();
            json.readTree(actions.body() == null ? "{}" : actions.body()).path("commentActionList").forEach(a -> allowed.add(a.asText()));
            new TreeSet<>(mapping.outcomes().values()).forEach(a -> check.require("Note action", allowed, a, "the commentActionList setting"));
            BullhornProperties p = sessions.properties(tenant);
            for (String entity : new String[] {"ClientContact", "Candidate"}) {
                check.require("do-not-contact", fieldsOf(session, entity), p.doNotContactField(), "meta/" + entity);
            }
            for (var action : mapping.actions().values()) {
                String object = action.createsRecord() ? action.object() : "ClientContact";
                Set<String> target = fieldsOf(session, object);
                action.fields().keySet().forEach(f -> check.require(object + " field", target, f, "meta/" + object));
            }
        } catch (IOException | BullhornSessions.LoginFailed e) {
            check.fail("meta", e.getMessage());
        }
        return check;
    }

    private Set<String> fieldsOf(BullhornSessions.Session session, String entity) throws IOException {
        HttpReply reply = http.call(session.restUrl() + "meta/" + entity, "GET", null, Map.of("fields", "*"), null, session.bhRestToken());
        if (reply.status() != 200) {
            throw new IOException("meta/" + entity + " answered HTTP " + reply.status());
        }
        Set<String> names = new TreeSet<>();
        json.readTree(reply.body()).path("fields").forEach(f -> names.add(f.path("name").asText()));
        return names;
    }
}

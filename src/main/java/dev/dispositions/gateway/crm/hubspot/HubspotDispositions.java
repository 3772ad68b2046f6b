package dev.dispositions.gateway.crm.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dispositions.gateway.crm.CrmCall;
import dev.dispositions.gateway.crm.Delivery;
import dev.dispositions.gateway.crm.HttpReply;
import dev.dispositions.gateway.crm.Reading;
import dev.dispositions.gateway.delivery.DeliveryResult;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The portal's call dispositions. Their GUIDs differ per portal (custom outcomes) and even the defaults are not
 * confirmed by HubSpot, so mapping files name them by label, resolved from the portal's own list
 * ({@code GET /calling/v1/dispositions}), kept ten minutes, and read again when a label is not in it.
 */
final class HubspotDispositions {
    static final String PATH = "/calling/v1/dispositions";
    static final String PROPERTY = "hs_call_disposition";
    private static final String FACT = "hubspot:dispositions";
    private static final Duration KEEP = Duration.ofMinutes(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private HubspotDispositions() {
    }

    /** Whether the delivery knows the GUID of this label, or knows for sure (read in this delivery) that the portal has none. */
    static boolean known(Delivery delivery, String label) {
        return delivery.fact(FACT).map(f -> guids(f.value()).containsKey(key(label)) || delivery.foundHere(FACT)).orElse(false);
    }

    static Optional<String> guid(Delivery delivery, String label) {
        return delivery.fact(FACT).map(f -> guids(f.value()).get(key(label)));
    }

    static CrmCall lookup(List<Long> waiting) {
        return CrmCall.lookup("read the portal's call dispositions", "GET", PATH, Map.of(), null, List.of(new CrmCall.Part(FACT, waiting)));
    }

    static Reading read(Delivery delivery, CrmCall call, HttpReply answer) {
        ObjectNode byLabel = JSON.createObjectNode();
        JsonNode list = null;
        if (answer.isSuccess()) {
            try {
                list = JSON.readTree(answer.body());
            } catch (IOException e) {
                list = null;
            }
        }
        if (list == null || !list.isArray()) {
            List<DeliveryResult> failed = new ArrayList<>();
            call.items().forEach(id -> failed.add(HubspotAnswers.failed(delivery.item(id), null, answer)));
            return Reading.settled(failed);
        }
        list.forEach(d -> byLabel.put(key(d.path("label").asText()), d.path("id").asText()));
        return Reading.learned(List.of(new Reading.Fact(FACT, byLabel.toString(), KEEP)));
    }

    private static Map<String, String> guids(String value) {
        try {
            return JSON.readValue(value, JSON.getTypeFactory().constructMapType(Map.class, String.class, String.class));
        } catch (IOException e) {
            return Map.of();
        }
    }

    private static String key(String label) {
        return label == null ? "" : label.trim().toLowerCase(Locale.ROOT);
    }
}

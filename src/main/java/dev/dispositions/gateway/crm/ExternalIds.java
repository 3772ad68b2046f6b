package dev.dispositions.gateway.crm;

import dev.dispositions.gateway.delivery.DeliveryItem;
import dev.dispositions.gateway.canonical.CanonicalDisposition;
import java.nio.charset.StandardCharsets;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * The key a CRM record is written under so that writing it again updates it instead of adding a second one:
 * derived from the dialer and the vendor's call id, the same for every event and every retry of one call.
 */
public final class ExternalIds {
    private ExternalIds() {
    }

    /**
     * {@code <dialer>:<call id>}, plus {@code :<action>} for a record an outcome action creates (a follow-up task is
     * not the call's activity). When that is longer than the CRM's field allows, {@code <dialer>:sha256:<hex>}, cut to fit.
     */
    public static String of(CanonicalDisposition event, String action, int maxLength) {
        String key = event.dialer() + ":" + event.callId() + (action == null || DeliveryItem.ACTIVITY.equals(action) ? "" : ":" + action);
        if (key.length() <= maxLength) {
            return key;
        }
        String hashed = event.dialer() + ":sha256:" + DigestUtils.sha256Hex(key.getBytes(StandardCharsets.UTF_8));
        return hashed.length() <= maxLength ? hashed : hashed.substring(0, maxLength);
    }
}

package dev.dispositions.gateway.dialer;

import java.util.List;

/** Supplies adapters that are not Spring beans of their own, such as those defined by a mapping file alone. */
public interface DialerAdapterSource {
    List<DialerAdapter> adapters();
}

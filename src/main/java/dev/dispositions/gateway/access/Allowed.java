package dev.dispositions.gateway.access;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The least role an admin API operation needs. An operation without it is the operator's alone, so one added and
 * forgotten here is closed, not open. A tenant key reaches only its own tenant: a {@code {tenant}} in the path is
 * checked before the operation runs, and the operations that find data by id or list it check the tenant they find.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Allowed {
    Role value();
}

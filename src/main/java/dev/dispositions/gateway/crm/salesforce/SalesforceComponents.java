package dev.dispositions.gateway.crm.salesforce;

import dev.dispositions.gateway.config.TenantDirectory;
import dev.dispositions.gateway.crm.ConnectorSettings;
import org.apache.camel.CamelContext;
import org.apache.camel.component.salesforce.AuthenticationType;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.component.salesforce.SalesforceLoginConfig;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * One camel-salesforce component per tenant ({@code salesforce-<tenant>}), each with its own login config and
 * so its own session and HTTP client: one tenant's token never reaches another's org.
 */
@Component
public class SalesforceComponents implements CamelContextConfiguration {
    static final String CRM = "salesforce";
    private final ConnectorSettings.PerTenant<SalesforceProperties> byTenant;

    public SalesforceComponents(TenantDirectory tenants, Environment environment) {
        this.byTenant = ConnectorSettings.bind(tenants, environment, CRM, SalesforceProperties.class, (prefix, p) -> p.requireComplete(prefix));
    }

    static String componentName(String tenant) {
        return "salesforce-" + tenant;
    }

    SalesforceProperties properties(String tenant) {
        return byTenant.of(tenant);
    }

    /**
     * The org's address, for links into its records: the configured instance URL, else the one the last login
     * answered; null before the first login.
     */
    String instanceUrl(String tenant) {
        SalesforceProperties p = properties(tenant);
        if (p != null && p.instanceUrl() != null) {
            return p.instanceUrl().toString();
        }
        SalesforceComponent c = context == null ? null : context.hasComponent(componentName(tenant)) instanceof SalesforceComponent s ? s : null;
        return c == null || c.getSession() == null ? null : c.getSession().getInstanceUrl();
    }

    private volatile CamelContext context;

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        this.context = camelContext;
        byTenant.forEach((tenant, p) -> {
            camelContext.addComponent(componentName(tenant), component(p));
            made.put(tenant, p);
        });
    }

    /** The settings each tenant's component was made with. */
    private final java.util.Map<String, SalesforceProperties> made = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The component of a tenant made through the admin API exists before its first call, and is made again when its
     * settings changed (a new secret), so the next call logs in with them.
     */
    void ensure(String tenant, CamelContext camelContext) {
        SalesforceProperties p = properties(tenant);
        if (p.equals(made.get(tenant)) && camelContext.hasComponent(componentName(tenant)) != null) {
            return;
        }
        synchronized (made) {
            if (p.equals(made.get(tenant)) && camelContext.hasComponent(componentName(tenant)) != null) {
                return;
            }
            if (camelContext.hasComponent(componentName(tenant)) != null) {
                // Camel keeps endpoints apart from their component: those of the old one would go on logging in as before.
                try {
                    camelContext.removeEndpoints(componentName(tenant) + ":*");
                } catch (Exception e) {
                    throw new IllegalStateException("cannot drop the old Salesforce endpoints of tenant " + tenant, e);
                }
                camelContext.removeComponent(componentName(tenant));
            }
            camelContext.addComponent(componentName(tenant), component(p));
            made.put(tenant, p);
        }
    }

    private static SalesforceComponent component(SalesforceProperties p) {
        SalesforceLoginConfig login = new SalesforceLoginConfig();
        login.setLoginUrl(p.loginUrl().toString());
        login.setClientId(p.clientId());
        if (p.clientSecret() != null) {
            login.setClientSecret(p.clientSecret().reveal());
        }
        switch (p.authentication()) {
            case "refresh-token" -> {
                login.setType(AuthenticationType.REFRESH_TOKEN);
                login.setRefreshToken(p.refreshToken().reveal());
            }
            case "jwt-bearer" -> {
                login.setType(AuthenticationType.JWT);
                login.setUserName(p.username());
                KeyStoreParameters keystore = new KeyStoreParameters();
                keystore.setResource("file:" + p.keystore().toAbsolutePath());
                keystore.setPassword(p.keystorePassword().reveal());
                keystore.setType("PKCS12");
                login.setKeystore(keystore);
            }
            default -> login.setType(AuthenticationType.CLIENT_CREDENTIALS);
        }
        // Log in on first use, not at start: a CRM that is down must not stop the gateway from accepting calls.
        login.setLazyLogin(true);
        if (p.instanceUrl() != null) {
            login.setInstanceUrl(p.instanceUrl().toString());
        }
        SalesforceComponent component = new SalesforceComponent();
        // setLoginConfig, not the component setters: the starter's customizer overwrites those on every component added.
        component.setLoginConfig(login);
        return component;
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
    }
}

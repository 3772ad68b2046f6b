package dev.dispositions.gateway;

import dev.dispositions.gateway.mapping.ValidateMappings;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {
    public static void main(String[] args) {
        if (args.length > 0 && ValidateMappings.COMMAND.equals(args[0])) {
            System.exit(ValidateMappings.run(java.util.Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        if (args.length > 0 && "check-connector".equals(args[0])) {
            System.exit(checkConnector(args));
        }
        SpringApplication.run(GatewayApplication.class, args);
    }

    /** {@code check-connector <tenant> <crm> [--spring options]}: the install check, without serving or dispatching. */
    private static int checkConnector(String[] args) {
        if (args.length < 3) {
            System.err.println("usage: check-connector <tenant> <crm>");
            return 2;
        }
        String[] rest = java.util.Arrays.copyOfRange(args, 3, args.length);
        try (var context = new org.springframework.boot.builder.SpringApplicationBuilder(GatewayApplication.class)
                .web(org.springframework.boot.WebApplicationType.NONE)
                .properties("gateway.dispatch.enabled=false", "logging.level.root=WARN").run(rest)) {
            return dev.dispositions.gateway.api.InstallChecks.runCommand(context, args[1], args[2], System.out);
        }
    }
}

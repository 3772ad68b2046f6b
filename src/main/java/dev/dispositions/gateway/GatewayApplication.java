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
        SpringApplication.run(GatewayApplication.class, args);
    }
}

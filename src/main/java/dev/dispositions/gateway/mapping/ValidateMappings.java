package dev.dispositions.gateway.mapping;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code java -jar gateway.jar validate-mappings <folder>}: checks a folder of mapping files (its dialers/*.yaml and
 * crms/*.yaml laid over the packaged ones, as the gateway will load them) against the schemas, for completeness and
 * against their own examples, without starting the gateway. Exit 0: valid; 1: problems (one line each: file, YAML
 * path, reason); 2: the folder is not a mapping folder.
 */
public final class ValidateMappings {
    public static final String COMMAND = "validate-mappings";

    private ValidateMappings() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 1) {
            err.println("usage: " + COMMAND + " <folder holding dialers/*.yaml and/or crms/*.yaml>");
            return 2;
        }
        Path folder = Path.of(args[0]);
        if (!Files.isDirectory(folder.resolve("dialers")) && !Files.isDirectory(folder.resolve("crms"))) {
            err.println(folder + " has neither a dialers/ nor a crms/ folder: nothing to check");
            return 2;
        }
        try {
            MappingCatalog catalog = new MappingCatalog(folder.toString());
            int examples = catalog.dialers().values().stream().mapToInt(d -> d.examples().size()).sum()
                    + catalog.crms().values().stream().mapToInt(c -> c.examples().size()).sum();
            out.println("valid: dialers " + catalog.dialers().keySet() + ", crms " + catalog.crms().keySet() + "; "
                    + examples + " examples hold");
            return 0;
        } catch (MappingFileException e) {
            e.problems().forEach(p -> err.println(p));
            err.println(e.problems().size() + " problem(s); the gateway would not start with these files");
            return 1;
        }
    }
}

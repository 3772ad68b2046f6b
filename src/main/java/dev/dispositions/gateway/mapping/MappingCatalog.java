package dev.dispositions.gateway.mapping;

import dev.dispositions.gateway.delivery.DeliveryItem;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.dispositions.gateway.canonical.Outcome;
import dev.dispositions.gateway.config.GatewayProperties;
import dev.dispositions.gateway.mapping.CrmMapping.FieldSpec;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Loads every mapping file at start-up (the packaged defaults, each replaced by a same-named file in
 * {@code gateway.mappings.dir} if there is one), checks them all and refuses to start on any problem. CRM files can
 * be reloaded while running ({@code POST /api/mappings/crms/reload}), so a fixed mapping applies to replays at once.
 */
@Component
public class MappingCatalog {
    private static final Logger log = LoggerFactory.getLogger(MappingCatalog.class);
    private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final Map<String, DialerMapping> dialers = new TreeMap<>();
    /** Replaced whole by {@link #useCrms} when support reloads the CRM files; readers see the old map or the new one. */
    private volatile Map<String, CrmMapping> crms = new TreeMap<>();
    private volatile Files crmFiles;
    private final String overrideDir;

    @org.springframework.beans.factory.annotation.Autowired
    public MappingCatalog(GatewayProperties properties) {
        this(properties.mappings().dir());
    }

    /** The packaged files, each replaced by a same-named file under {@code overrideDir} (may be null). */
    public MappingCatalog(String overrideDir) {
        this.overrideDir = overrideDir;
        List<MappingProblem> problems = new ArrayList<>();
        load("dialers", overrideDir, DialerMapping.class, MappingSchemas.DIALER, MappingCatalog::checkDialer, DialerMapping::dialer,
                dialers, problems, null);
        Map<String, JsonNode> trees = new TreeMap<>();
        load("crms", overrideDir, CrmMapping.class, MappingSchemas.CRM, MappingValidator::checkCrm, CrmMapping::crm, crms, problems, trees);
        crmFiles = new Files(crms, trees);
        if (!problems.isEmpty()) {
            throw new MappingFileException(problems);
        }
        log.info("Mapping files loaded: dialers {}, crms {}", dialers.keySet(), crms.keySet());
    }

    public Optional<DialerMapping> dialer(String id) {
        return Optional.ofNullable(dialers.get(id));
    }

    /** Every dialer file by id, Java-backed and declarative alike. */
    public Map<String, DialerMapping> dialers() {
        return java.util.Collections.unmodifiableMap(dialers);
    }

    public Map<String, CrmMapping> crms() {
        return java.util.Collections.unmodifiableMap(crms);
    }

    public Optional<CrmMapping> crm(String id) {
        return Optional.ofNullable(crms.get(id));
    }

    /**
     * Reads and checks the CRM files again (after an admin fixed one), without using them yet.
     *
     * @throws MappingFileException naming every problem; the files in use stay in use
     */
    public Files readCrms() {
        Map<String, CrmMapping> fresh = new TreeMap<>();
        Map<String, JsonNode> trees = new TreeMap<>();
        List<MappingProblem> problems = new ArrayList<>();
        load("crms", overrideDir, CrmMapping.class, MappingSchemas.CRM, MappingValidator::checkCrm, CrmMapping::crm, fresh, problems, trees);
        if (!problems.isEmpty()) {
            throw new MappingFileException(problems);
        }
        return new Files(fresh, trees);
    }

    /** From now on deliveries (and replays) render with these CRM files. */
    public void useCrms(Files fresh) {
        crms = java.util.Collections.unmodifiableMap(new TreeMap<>(fresh.mappings()));
        crmFiles = fresh;
        log.info("CRM mapping files reloaded: {}", crms.keySet());
    }

    /** The CRM files as read, each also as its tree: what a tenant's overlay is laid over. */
    public record Files(Map<String, CrmMapping> mappings, Map<String, JsonNode> trees) {
    }

    /** The CRM files in use. */
    public Files crmFiles() {
        return crmFiles;
    }

    // ---- checks: each problem names the file, the YAML path and the reason ----

    static List<MappingProblem> checkDialer(String file, String expectedId, DialerMapping m) {
        List<MappingProblem> p = new ArrayList<>();
        if (!expectedId.equals(m.dialer())) {
            p.add(new MappingProblem(file, "dialer", "must equal the file name '" + expectedId + "', found '" + m.dialer() + "'"));
        }
        m.labels().forEach((label, rule) -> {
            String path = "labels." + label;
            if (rule == null) {
                p.add(new MappingProblem(file, path, "needs an outcome"));
            } else if (rule.outcome() != null) {
                outcomeName(file, path, rule.outcome(), p);
            } else if (rule.byDuration() == null) {
                p.add(new MappingProblem(file, path, "needs an outcome or a byDuration rule"));
            } else {
                outcomeName(file, path + ".byDuration.then", rule.byDuration().then(), p);
                outcomeName(file, path + ".byDuration.otherwise", rule.byDuration().otherwise(), p);
            }
            if (m.isLive(label)) {
                p.add(new MappingProblem(file, path, "is also listed in liveStates (labels match on their normal form); a label is "
                        + "either live or an outcome"));
            }
        });
        labelConflicts(file, "labels", m.labels(), p);
        m.refine().forEach((outcome, refinement) -> {
            String path = "refine." + outcome;
            outcomeName(file, path, outcome, p);
            if (m.request() == null) {
                p.add(new MappingProblem(file, path, "refinements read a second field of the payload: only a declarative dialer has them"));
            }
            if (refinement.labels() != null) {
                refinement.labels().forEach((label, rule) -> {
                    if (rule == null || rule.outcome() == null) {
                        p.add(new MappingProblem(file, path + ".labels." + label, "needs an outcome"));
                    } else {
                        outcomeName(file, path + ".labels." + label, rule.outcome(), p);
                    }
                });
                labelConflicts(file, path + ".labels", refinement.labels(), p);
            }
        });

        if (m.request() != null) {
            DeclarativeChecks.check(file, m, p);
        } else if (m.fields() != null) {
            p.add(new MappingProblem(file, "fields", "fields need a request section (content type and signature scheme)"));
        }
        MappingExamples.check(file, m, p);
        DialerMapping.UnknownLabel unknown = m.unknownLabel();
        if (unknown == null || (unknown.fallback() == null) == (unknown.reject() == null)) {
            p.add(new MappingProblem(file, "unknownLabel",
                    "must declare exactly one of 'fallback: <OUTCOME>' or 'reject: <reason>', so no label is lost silently"));
        } else if (unknown.fallback() != null) {
            outcomeName(file, "unknownLabel.fallback", unknown.fallback(), p);
        }
        return p;
    }

    /** Two spellings of one label (the same normal form) must agree: which one a dialer sends cannot change the outcome. */
    static void labelConflicts(String file, String path, LabelTable table, List<MappingProblem> p) {
        for (LabelTable.Conflict c : table.conflicts()) {
            p.add(new MappingProblem(file, path + "." + c.label(), "is the same label as '" + c.sameAs() + "' (both read '"
                    + LabelNormalForm.of(c.label()) + "' once case, dashes and spaces are set aside) but maps to another outcome"));
        }
    }

    static void outcomeName(String file, String path, String name, List<MappingProblem> p) {
        if (Outcome.byName(name) == null) {
            p.add(new MappingProblem(file, path, "'" + name + "' is not an outcome; known: "
                    + Arrays.stream(Outcome.values()).map(Enum::name).collect(Collectors.joining(", "))));
        }
    }

    // ---- loading ----

    /**
     * Reads every file of one kind and checks each: schema, then meaning (file name, completeness, paths), then
     * the file's examples. A file with any problem is not used; every problem is reported once.
     */
    private static <T> void load(String kind, String overrideDir, Class<T> type, com.networknt.schema.JsonSchema schema,
                                 Checker<T> check, java.util.function.Function<T, String> idOf, Map<String, T> into,
                                 List<MappingProblem> problems, Map<String, JsonNode> trees) {
        for (var file : locate(kind, overrideDir).entrySet()) {
            List<MappingProblem> own = new ArrayList<>();
            Optional<T> mapping = read(file.getValue(), type, schema, own, trees);
            mapping.ifPresent(m -> {
                for (MappingProblem extra : check.check(file.getValue().label(), file.getKey(), m)) {
                    if (own.stream().noneMatch(o -> o.path().equals(extra.path()))) {
                        own.add(extra);
                    }
                }
            });
            problems.addAll(own);
            if (own.isEmpty() && mapping.isPresent()) {
                into.put(idOf.apply(mapping.get()), mapping.get());
            }
        }
    }

    private interface Checker<T> {
        List<MappingProblem> check(String file, String expectedId, T mapping);
    }

    private record Source(Resource resource, String label) {
    }

    private static Map<String, Source> locate(String kind, String overrideDir) {
        Map<String, Source> files = new TreeMap<>();
        var resolver = new PathMatchingResourcePatternResolver();
        try {
            for (Resource r : resolver.getResources("classpath*:mappings/" + kind + "/*.yaml")) {
                files.put(id(r), new Source(r, "mappings/" + kind + "/" + r.getFilename()));
            }
            if (overrideDir != null && !overrideDir.isBlank()) {
                for (Resource r : resolver.getResources("file:" + overrideDir + "/" + kind + "/*.yaml")) {
                    files.put(id(r), new Source(r, r.getFile().getPath()));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list mapping files under " + kind, e);
        }
        return files;
    }

    private static String id(Resource r) {
        String name = r.getFilename();
        return name.substring(0, name.length() - ".yaml".length());
    }

    private static <T> Optional<T> read(Source source, Class<T> type, com.networknt.schema.JsonSchema schema,
                                        List<MappingProblem> problems, Map<String, JsonNode> trees) {
        try (InputStream in = source.resource().getInputStream()) {
            JsonNode tree = YAML.readTree(in);
            Optional<T> value = parse(source.label(), tree, type, schema, problems);
            if (trees != null && tree != null) {
                trees.put(id(source.resource()), tree);
            }
            return value;
        } catch (IOException e) {
            problems.add(new MappingProblem(source.label(), "", "not valid YAML: " + e.getMessage()));
        }
        return Optional.empty();
    }

    /** Schema first, then binding: each problem names its path. Empty when anything was wrong. */
    static <T> Optional<T> parse(String label, JsonNode tree, Class<T> type, com.networknt.schema.JsonSchema schema,
                                 List<MappingProblem> problems) {
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            problems.add(new MappingProblem(label, "", "the file is empty"));
            return Optional.empty();
        }
        boolean schemaPassed = MappingSchemas.check(schema, label, tree, problems);
        try {
            return Optional.of(YAML.treeToValue(tree, type));
        } catch (JsonMappingException e) {
            if (schemaPassed) {
                String path = e.getPath().stream()
                        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                        .collect(Collectors.joining(".")).replace(".[", "[");
                problems.add(new MappingProblem(label, path, e.getOriginalMessage()));
            }
            return Optional.empty(); // the schema has said what is wrong
        } catch (IOException e) {
            problems.add(new MappingProblem(label, "", e.getMessage()));
            return Optional.empty();
        }
    }
}

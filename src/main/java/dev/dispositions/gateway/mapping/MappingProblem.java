package dev.dispositions.gateway.mapping;

/** One thing wrong with a mapping file: which file, where in it (a YAML path such as {@code labels.busy}), why. */
public record MappingProblem(String file, String path, String reason) {
    @Override
    public String toString() {
        return file + " at " + (path == null || path.isEmpty() ? "(top)" : path) + ": " + reason;
    }
}

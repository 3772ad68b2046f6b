package dev.dispositions.gateway.mapping;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown at start-up when any mapping file is broken; lists every problem, not just the first. */
public class MappingFileException extends RuntimeException {
    private final List<MappingProblem> problems;

    public MappingFileException(List<MappingProblem> problems) {
        super("Mapping files are not valid; the gateway will not start until they are fixed:\n  - "
                + problems.stream().map(MappingProblem::toString).collect(Collectors.joining("\n  - ")));
        this.problems = List.copyOf(problems);
    }

    public List<MappingProblem> problems() {
        return problems;
    }
}

package org.connwatch.policy;

import java.util.List;
import java.util.stream.Collectors;

/** A policy file that cannot be used, with every mistake found in it. */
public final class PolicyException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<PolicyProblem> problems;

    public PolicyException(List<PolicyProblem> problems) {
        super(problems.stream().map(PolicyProblem::toString).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a policy exception needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** The mistakes, in the order they appear in the file. */
    public List<PolicyProblem> problems() {
        return problems;
    }
}

package ai.mirroros.licensing.vault;

import ai.mirroros.licensing.LicensingException;
import java.util.List;

/**
 * A registry file was refused; nothing from it was imported. The message has a summary line, then one line per
 * problem ({@code vault: field: problem}); {@link #problems()} gives the same list as values.
 */
public class RegistryValidationException extends LicensingException {
    public static final String CODE = "invalid_registry";

    /**
     * At most this many problems are spelled out in the message; a file of 10,000 broken vaults would otherwise make
     * a message of megabytes. {@link #problems()} always holds all of them.
     */
    static final int LISTED_PROBLEMS_MAX = 1_000;

    private final transient List<RegistryProblem> problems;

    /**
     * @param source   what was read, for the summary line, e.g. the file's path
     * @param problems every problem found; not empty
     */
    public RegistryValidationException(String source, List<RegistryProblem> problems) {
        this(source, problems, "nothing was imported");
    }

    /** @param outcome what was therefore not done, for the summary line, e.g. "nothing was written" */
    RegistryValidationException(String source, List<RegistryProblem> problems, String outcome) {
        super(CODE, message(source, problems, outcome));
        this.problems = List.copyOf(problems);
    }

    public List<RegistryProblem> problems() {
        return problems;
    }

    private static String message(String source, List<RegistryProblem> problems, String outcome) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a registry validation failure needs at least one problem");
        }
        StringBuilder text = new StringBuilder(source).append(": ").append(problems.size())
                .append(problems.size() == 1 ? " problem" : " problems").append("; ").append(outcome);
        problems.stream().limit(LISTED_PROBLEMS_MAX).forEach(p -> text.append('\n').append(p));
        if (problems.size() > LISTED_PROBLEMS_MAX) {
            text.append("\n… and ").append(problems.size() - LISTED_PROBLEMS_MAX).append(" more problems not shown");
        }
        return text.toString();
    }
}

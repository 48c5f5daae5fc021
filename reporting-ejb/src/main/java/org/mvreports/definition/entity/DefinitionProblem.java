package org.mvreports.definition.entity;

/**
 * A line of a report's comment that names a known key but whose value cannot be read, or does not fit the report's
 * columns. The line's default applies and the report keeps working; administrators are shown the problem, to mend
 * the report's file.
 *
 * @param line    the line's number in the comment, from 1
 * @param text    the line as written (trimmed, and cut at {@value #MAX_TEXT} characters)
 * @param problem why it cannot be used, and what applies instead
 */
public record DefinitionProblem(int line, String text, String problem) {

    static final int MAX_TEXT = 200;

    static DefinitionProblem of(int line, String text, String problem) {
        String trimmed = text.trim();
        return new DefinitionProblem(line, trimmed.length() <= MAX_TEXT ? trimmed
                : trimmed.substring(0, MAX_TEXT) + "…", problem);
    }
}

package org.mvreports.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/** File chores of a stack's home folder. */
public final class StackFiles {

    private StackFiles() {
    }

    /**
     * The home folder that REPORTING_HOME names (default {@code .mvreports}), absolute and, once it exists, without
     * symbolic links: the server and database started from it carry this form on their command lines, and
     * {@link StackProcesses} and the run script find them by it.
     */
    static Path home(Map<String, String> environment) throws IOException {
        return realPath(Path.of(environment.getOrDefault("REPORTING_HOME", ".mvreports")));
    }

    /** The folder as {@link #home} names it. */
    static Path realPath(Path folder) throws IOException {
        Path absolute = folder.toAbsolutePath().normalize();
        return Files.exists(absolute) ? absolute.toRealPath() : absolute;
    }

    /** Deletes a folder and everything in it; does nothing when it does not exist. */
    public static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

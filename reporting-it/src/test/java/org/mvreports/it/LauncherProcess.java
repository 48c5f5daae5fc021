package org.mvreports.it;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The launcher as users run it: an operating-system process of its own, started either as the run script does it
 * ({@code java} with the launcher's jar and {@code lib/} folder, {@link #main}) or through the run script itself
 * ({@link #script}), with a home and Payara port offset of the test's choosing. Its output goes to a file, as when a
 * user redirects it; the test waits for lines in it, and stops or kills the process as a user or the system would.
 */
final class LauncherProcess implements AutoCloseable {

    /** What every launcher process of the tests gets: small demo data, no scheduler timer. */
    private static final Map<String, String> TEST_SETTINGS = Map.of(
            "REPORTING_DEMO_SCALE", "200",
            "REPORTING_SCHEDULER", "false");

    private static final String MAIN = "org.mvreports.launcher.Main";

    private final Process process;
    private final Path output;

    private LauncherProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** {@code java -cp <launcher jar>:<lib>/* org.mvreports.launcher.Main}, as the run script runs it. */
    static LauncherProcess main(Path home, int portOffset) throws IOException {
        return start(javaCommand(MAIN), home, portOffset, Map.of(), null);
    }

    /**
     * Stops whatever of the home still runs, the way the run script does before it builds: for tests to leave
     * nothing behind even when they fail.
     */
    static void stopLeftovers(Path home) throws Exception {
        LauncherProcess cleanup = start(javaCommand("org.mvreports.launcher.StopLeftovers"), home, 0, Map.of(), null);
        try {
            int status = cleanup.awaitExit(Duration.ofMinutes(3));
            if (status != 0) {
                throw new AssertionError("could not stop what runs from " + home + ":\n" + cleanup.output());
            }
        } finally {
            cleanup.close();
        }
    }

    /**
     * The run script, {@code ./run <arguments>}.
     *
     * @param environment added to the test settings (e.g. a PATH with a stand-in for Maven in front)
     */
    static LauncherProcess script(Path home, int portOffset, Map<String, String> environment, String... arguments)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(TestStack.checkout().resolve("run").toString()));
        command.addAll(List.of(arguments));
        return start(command, home, portOffset, environment, null);
    }

    /**
     * Runs the launcher's {@code Main} with arguments to its end, e.g. an accounts command.
     *
     * @param environment the REPORTING_* settings; the test settings and the caller's environment are not added
     * @param standardInput written to the process, then closed
     */
    static Finished run(Map<String, String> environment, String standardInput, String... arguments)
            throws IOException, InterruptedException {
        Path errors = Files.createTempFile("launcher", ".err");
        LauncherProcess command = start(javaCommand(MAIN, arguments), null, 0, environment, errors);
        try {
            command.write(standardInput);
            int status = command.awaitExit(Duration.ofMinutes(2));
            return new Finished(status, command.output(), Files.readString(errors, StandardCharsets.UTF_8));
        } finally {
            command.close();
            Files.deleteIfExists(errors);
        }
    }

    /**
     * Runs the launcher's {@code Main} with arguments on a terminal of its own ({@code script} gives it a
     * pseudo-terminal), as a person at a keyboard runs it; the test answers its prompts with {@link #type}.
     *
     * @param environment the REPORTING_* settings; the test settings and the caller's environment are not added
     */
    static LauncherProcess onTerminal(Map<String, String> environment, String... arguments) throws IOException {
        String commandLine = javaCommand(MAIN, arguments).stream()
                .map(argument -> "'" + argument.replace("'", "'\\''") + "'")
                .collect(Collectors.joining(" "));
        return start(List.of("script", "--quiet", "--return", "--command", commandLine, "/dev/null"), null, 0,
                environment, null);
    }

    /** Types a line, as a person answering a prompt. */
    void type(String line) throws IOException {
        OutputStream keyboard = process.getOutputStream();
        keyboard.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
    }

    /** The end of a command: its exit status, standard output and standard error. */
    record Finished(int status, String out, String err) {
    }

    private void write(String standardInput) throws IOException {
        try (var stdin = process.getOutputStream()) {
            stdin.write(standardInput.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static List<String> javaCommand(String mainClass, String... arguments) {
        Path launcher = TestStack.checkout().resolve("reporting-launcher/target");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", launcher.resolve("reporting-launcher.jar") + File.pathSeparator + launcher.resolve("lib/*"),
                mainClass));
        command.addAll(List.of(arguments));
        return command;
    }

    /**
     * @param home   REPORTING_HOME, or null for a command whose environment names everything itself
     * @param errors where standard error goes, or null for the same file as standard output
     */
    private static LauncherProcess start(List<String> command, Path home, int portOffset,
                                         Map<String, String> environment, Path errors) throws IOException {
        Path output = Files.createTempFile("launcher", ".out");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(TestStack.checkout().toFile())
                .redirectOutput(output.toFile());
        if (errors == null) {
            builder.redirectErrorStream(true);
        } else {
            builder.redirectError(errors.toFile());
        }
        // A developer's own settings (say REPORTING_DB_URL) must not leak into the tests' launchers.
        builder.environment().keySet().removeIf(name -> name.startsWith("REPORTING_"));
        Map<String, String> settings = new HashMap<>();
        if (home != null) {
            settings.putAll(TEST_SETTINGS);
            settings.put("REPORTING_HOME", home.toString());
            settings.put("REPORTING_PORT_OFFSET", String.valueOf(portOffset));
        }
        settings.putAll(environment);
        builder.environment().putAll(settings);
        return new LauncherProcess(builder.start(), output);
    }

    long pid() {
        return process.pid();
    }

    /** Everything the process wrote so far (standard output, and standard error unless kept apart). */
    String output() throws IOException {
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    /** Waits until the output contains {@code text}; fails early, with the output, if the process ends first. */
    void awaitOutput(String text, Duration timeout) throws Exception {
        Await.value("'" + text + "' in the launcher's output", timeout, () -> {
            String seen = output();
            // Read again once it has ended: it may have printed the text and ended since the first read.
            if (!seen.contains(text) && !process.isAlive() && !output().contains(text)) {
                throw new AssertionError("the launcher ended (status " + process.exitValue() + ") without printing '"
                        + text + "':\n" + output());
            }
            return seen;
        }, seen -> seen.contains(text));
    }

    /** Waits for the process to end and returns its exit status; fails with its output if it does not. */
    int awaitExit(Duration timeout) throws IOException, InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("still running after " + timeout + ":\n" + output());
        }
        return process.exitValue();
    }

    /** SIGKILL: the process ends at once, with no chance to stop anything. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM, as when the system shuts down: the launcher stops the stack, then ends. */
    void terminate() {
        process.destroy();
    }

    /** Ends the process if the test has not, so a failed test leaves no launcher behind. */
    @Override
    public void close() throws IOException {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(2, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Files.deleteIfExists(output);
    }
}

package org.mvreports.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs Payara's {@code asadmin} through its jar with the launcher's own Java, so the unpacked scripts need no
 * execute permission and no JAVA_HOME has to be set.
 */
final class Asadmin {

    private final Path payaraHome;
    private final int adminPort;
    private final Map<String, String> environment;

    Asadmin(Path payaraHome, int adminPort, Map<String, String> environment) {
        this.payaraHome = payaraHome;
        this.adminPort = adminPort;
        this.environment = environment;
    }

    /** Runs a command and returns its output; fails with that output when asadmin reports an error. */
    String run(String... command) throws IOException {
        Result result = tryRun(command);
        if (result.exitCode() != 0) {
            throw new IOException("asadmin " + String.join(" ", command) + " failed:\n" + result.output());
        }
        return result.output();
    }

    /** Runs a command whose failure the caller handles. */
    Result tryRun(String... command) throws IOException {
        List<String> line = new ArrayList<>(List.of(javaExecutable(), "-jar",
                payaraHome.resolve("glassfish/lib/client/appserver-cli.jar").toString(),
                "--port", String.valueOf(adminPort), "--interactive=false"));
        line.addAll(List.of(command));
        // Output goes to a file, not a pipe: start-domain leaves a server process behind that inherits the
        // descriptors, and reading a pipe would wait for that server to end.
        Path outputFile = Files.createTempFile("asadmin", ".out");
        ProcessBuilder builder = new ProcessBuilder(line)
                .redirectErrorStream(true)
                .redirectOutput(outputFile.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        // The server inherits asadmin's environment: the owner role's settings, which the launcher itself may have
        // been given, never reach it (two database roles: the server never holds the owner's password).
        builder.environment().remove(LocalStack.OWNER_USER);
        builder.environment().remove(LocalStack.OWNER_PASSWORD);
        builder.environment().putAll(environment);
        builder.environment().put("AS_JAVA", System.getProperty("java.home"));
        Process process = builder.start();
        try {
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException("asadmin " + String.join(" ", command) + " did not finish in 10 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running asadmin", e);
        }
        String output = Files.readString(outputFile, StandardCharsets.UTF_8);
        Files.deleteIfExists(outputFile);
        return new Result(process.exitValue(), output.strip());
    }

    record Result(int exitCode, String output) {
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}

package org.mvreports.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A stand-in {@code mvn} for the run script's build step, put in front of PATH: it records each call and which of
 * the watched processes were alive at that moment, then runs the real Maven with the script's own arguments and
 * environment (MAVEN_OPTS included) on a one-file project that builds nothing. So a test sees whether, when and how
 * the script builds, and what Maven prints, without the build replacing the jars the test run itself is using.
 */
final class MavenProbe {

    private static final String SCRIPT = """
            #!/bin/sh
            echo "mvn $*" >> "$MVN_PROBE_LOG"
            for pid in $MVN_PROBE_WATCH; do
              if kill -0 "$pid" 2>/dev/null; then echo "alive $pid" >> "$MVN_PROBE_LOG"; fi
            done
            cd "$MVN_PROBE_PROJECT" && exec "$MVN_PROBE_REAL" "$@"
            """;

    /** Installs nothing (maven.install.skip), needs nothing beyond the install plugin the build uses anyway. */
    private static final String PROJECT = """
            <project xmlns="http://maven.apache.org/POM/4.0.0">
                <modelVersion>4.0.0</modelVersion>
                <groupId>org.mvreports.it</groupId>
                <artifactId>maven-probe</artifactId>
                <version>1</version>
                <packaging>pom</packaging>
                <properties>
                    <maven.install.skip>true</maven.install.skip>
                </properties>
                <build>
                    <plugins>
                        <plugin>
                            <groupId>org.apache.maven.plugins</groupId>
                            <artifactId>maven-install-plugin</artifactId>
                            <version>3.1.4</version>
                        </plugin>
                    </plugins>
                </build>
            </project>
            """;

    private final Path folder;
    private final List<ProcessHandle> watched;

    /** @param watched processes whose liveness at the time of each call is recorded */
    MavenProbe(ProcessHandle... watched) throws IOException {
        this.folder = Files.createTempDirectory("maven-probe");
        this.watched = List.of(watched);
        Path bin = Files.createDirectories(folder.resolve("bin"));
        Files.writeString(bin.resolve("mvn"), SCRIPT);
        Files.setPosixFilePermissions(bin.resolve("mvn"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(Files.createDirectories(folder.resolve("project")).resolve("pom.xml"), PROJECT);
        Files.writeString(folder.resolve("calls.log"), "");
    }

    /** What the run script needs in its environment for the probe to stand in for Maven. */
    Map<String, String> environment() {
        return Map.of(
                "PATH", folder.resolve("bin") + File.pathSeparator + System.getenv("PATH"),
                "MVN_PROBE_LOG", folder.resolve("calls.log").toString(),
                "MVN_PROBE_WATCH", watched.stream().map(p -> String.valueOf(p.pid())).collect(Collectors.joining(" ")),
                "MVN_PROBE_PROJECT", folder.resolve("project").toString(),
                "MVN_PROBE_REAL", realMaven().toString());
    }

    /** One line per call ({@code mvn <arguments>}), then {@code alive <pid>} for each watched process alive then. */
    List<String> calls() throws IOException {
        return Files.readAllLines(folder.resolve("calls.log"));
    }

    private static Path realMaven() {
        return Stream.of(System.getenv("PATH").split(File.pathSeparator))
                .map(directory -> Path.of(directory, "mvn"))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no mvn on PATH " + Arrays.toString(
                        System.getenv("PATH").split(File.pathSeparator))));
    }
}

package org.mvreports.launcher;

import java.io.IOException;
import java.nio.file.Path;

/**
 * What the run script calls before it builds, when it finds a server or database of the home running with no
 * launcher holding the home: stops them (or waits while the killed launcher's watchdog does), so that the build
 * never replaces the jars under a running server and the start that follows finds its ports and data folder free.
 *
 * <p>A class of its own, not an option of {@link Main}: with jars built before it existed, the script gets "class
 * not found" and stops, where an older Main would have ignored the option and started a second stack.
 *
 * <p>Exit status 0 when nothing of the home runs any more; 2 when the home is in use or something would not stop
 * (the message says which).
 */
public final class StopLeftovers {

    private StopLeftovers() {
    }

    public static void main(String[] args) {
        try {
            Path home = StackFiles.home(System.getenv());
            try (HomeLock lock = HomeLock.claim(home, HomeLock.Activity.CLEANUP,
                    StackProcesses.cleanupDescription(home), System.out)) {
                StackProcesses.stopLeftovers(lock.home(), System.out);
            }
        } catch (IOException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
    }
}

package org.mvreports.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded database keeps its home's port across restarts, and moves only when that port is taken. */
class EmbeddedDatabasePortTest {

    @TempDir
    Path home;

    private final ByteArrayOutputStream notices = new ByteArrayOutputStream();
    private final PrintStream noticeStream = new PrintStream(notices, true, StandardCharsets.UTF_8);

    @Test
    void theFirstPortIsRememberedAndReused() throws Exception {
        int first = EmbeddedDatabase.homePort(home, noticeStream);

        assertEquals(String.valueOf(first), Files.readString(home.resolve("postgres.port")));
        assertEquals(first, EmbeddedDatabase.homePort(home, noticeStream));
        assertEquals("", notices.toString(StandardCharsets.UTF_8), "nothing to say while the port is free");
    }

    @Test
    void aTakenPortIsReplacedAndTheNewOneRemembered() throws Exception {
        int remembered = EmbeddedDatabase.homePort(home, noticeStream);
        int moved;
        try (ServerSocket otherProgram = new ServerSocket(remembered, 1, InetAddress.getLoopbackAddress())) {
            moved = EmbeddedDatabase.homePort(home, noticeStream);
        }

        assertNotEquals(remembered, moved);
        assertEquals(String.valueOf(moved), Files.readString(home.resolve("postgres.port")));
        assertTrue(notices.toString(StandardCharsets.UTF_8).contains("port " + remembered + " is taken"),
                notices.toString(StandardCharsets.UTF_8));
    }
}

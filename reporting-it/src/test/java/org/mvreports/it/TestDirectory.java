package org.mvreports.it;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.LDAPException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.Map;
import com.unboundid.ldif.LDIFReader;

/**
 * The company directory of the tests: UnboundID's in-memory LDAP server, in the test JVM, on localhost at a port
 * beside the stack's ({@link TestStack#PORT_OFFSET} + 389), holding {@code directory.ldif}. The stack's server signs
 * people in against it with the {@link #settings()} it is started with. A test can stop it and start it again (same
 * port, same entries) to see what sign-in does while the directory is down.
 */
final class TestDirectory {

    static final int PORT = TestStack.PORT_OFFSET + 389;

    private static InMemoryDirectoryServer server;

    private TestDirectory() {
    }

    static synchronized void start() throws IOException {
        if (server != null) {
            return;
        }
        try (InputStream ldif = TestDirectory.class.getResourceAsStream("/directory.ldif")) {
            InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig("dc=example,dc=com");
            config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap",
                    InetAddress.getLoopbackAddress(), PORT, null));
            InMemoryDirectoryServer started = new InMemoryDirectoryServer(config);
            started.importFromLDIF(true, new LDIFReader(ldif));
            started.startListening();
            server = started;
        } catch (LDAPException e) {
            throw new IOException("cannot start the test directory on port " + PORT, e);
        }
    }

    /** The settings that point the application at this directory, with the groups mapped to the three roles. */
    static Map<String, String> settings() {
        return Map.of(
                "REPORTING_LDAP_URL", "ldap://localhost:" + PORT,
                "REPORTING_LDAP_BIND_DN", "cn=mv-reports,ou=services,dc=example,dc=com",
                "REPORTING_LDAP_BIND_PASSWORD", "service-secret",
                "REPORTING_LDAP_USER_BASE", "ou=people,dc=example,dc=com",
                "REPORTING_LDAP_GROUP_BASE", "ou=groups,dc=example,dc=com",
                "REPORTING_LDAP_REPORT_VIEWER_GROUPS", "mvr-viewers",
                "REPORTING_LDAP_REFRESH_ADMIN_GROUPS", "mvr-admins",
                // A group name in another case than the directory's: LDAP compares names without case.
                "REPORTING_LDAP_AUDITOR_GROUPS", "mvr-auditors");
    }

    /** Stops answering: connections are refused, as from a directory server that is down. */
    static synchronized void stop() {
        server.shutDown(true);
    }

    /** Answers again, on the same port with the same entries. */
    static synchronized void startAgain() throws LDAPException {
        server.startListening();
    }
}

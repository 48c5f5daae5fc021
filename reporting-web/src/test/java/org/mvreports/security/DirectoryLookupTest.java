package org.mvreports.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldif.LDIFReader;
import com.unboundid.util.ssl.KeyStoreKeyManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustStoreTrustManager;
import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mvreports.security.DirectoryLookup.Caller;
import org.mvreports.security.entity.Roles;
import org.mvreports.settings.DirectorySettings;

/**
 * One sign-in against a real LDAP server (UnboundID's in-memory directory, holding the integration tests' company
 * directory), over plain LDAP, {@code ldaps://} and StartTLS, with a certificate made for the test and trusted by this
 * JVM only.
 */
class DirectoryLookupTest {

    private static final char[] PIN = "test-only-pin".toCharArray();

    private static InMemoryDirectoryServer server;
    private static SSLContext previousDefault;

    @BeforeAll
    static void startTheDirectory() throws Exception {
        File keyStore = localhostCertificate();
        SSLUtil serverSide = new SSLUtil(new KeyStoreKeyManager(keyStore, PIN, "PKCS12", null), null);
        SSLUtil clientSide = new SSLUtil(new TrustStoreTrustManager(keyStore, PIN, "PKCS12", true));
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig("dc=example,dc=com");
        InetAddress loopback = InetAddress.getLoopbackAddress();
        config.setListenerConfigs(
                InMemoryListenerConfig.createLDAPConfig("plain", loopback, 0, null),
                InMemoryListenerConfig.createLDAPConfig("starttls", loopback, 0, serverSide.createSSLSocketFactory()),
                InMemoryListenerConfig.createLDAPSConfig("ldaps", loopback, 0,
                        serverSide.createSSLServerSocketFactory(), null));
        server = new InMemoryDirectoryServer(config);
        server.importFromLDIF(true, new LDIFReader(Path.of("..", "reporting-it", "src", "test", "resources",
                "directory.ldif").toFile()));
        server.startListening();
        // The JDK's LDAP client trusts what the JVM's default TLS context trusts: here, the test's certificate.
        previousDefault = SSLContext.getDefault();
        SSLContext.setDefault(clientSide.createSSLContext());
    }

    /** A key and a self-signed certificate for "localhost" (the name the client checks), made by the JDK's keytool. */
    private static File localhostCertificate() throws Exception {
        Path folder = Files.createTempDirectory("directory-tls");
        Path keyStore = folder.resolve("localhost.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "localhost", "-keyalg", "EC", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keyStore.toString(), "-storepass", new String(PIN))
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertEquals(0, keytool.waitFor(), output);
        keyStore.toFile().deleteOnExit();
        folder.toFile().deleteOnExit();
        return keyStore.toFile();
    }

    @AfterAll
    static void stopTheDirectory() {
        server.shutDown(true);
        SSLContext.setDefault(previousDefault);
    }

    @Test
    void aPersonSignsInWithTheRolesOfTheirMappedGroups() {
        DirectoryLookup lookup = new DirectoryLookup(settings("ldap://localhost:" + port("plain"), false));
        assertEquals(new Caller("alice", Set.of(Roles.REPORT_VIEWER)), lookup.signIn("alice", "alice-secret"
                .toCharArray()));
        assertEquals(new Caller("bob", Set.of(Roles.REFRESH_ADMIN, Roles.AUDITOR)), lookup.signIn("bob",
                "bob-secret".toCharArray()), "MVR-Auditors is mapped as mvr-auditors: names compare without case");
        assertEquals(new Caller("carol", Set.of()), lookup.signIn("carol", "carol-secret".toCharArray()),
                "in no mapped group: signed in, no role");
        assertEquals(new Caller("alice", Set.of(Roles.REPORT_VIEWER)), lookup.signIn("ALICE", "alice-secret"
                .toCharArray()), "the directory's spelling of the name, whatever was typed");
    }

    @Test
    void wrongPasswordsAndNamesThatAreNotExactlyOnePersonSignNobodyIn() {
        DirectoryLookup lookup = new DirectoryLookup(settings("ldap://localhost:" + port("plain"), false));
        assertNull(lookup.signIn("alice", "wrong".toCharArray()));
        assertNull(lookup.signIn("nobody", "alice-secret".toCharArray()));
        assertNull(lookup.signIn("*", "alice-secret".toCharArray()), "the name is a value, not a filter");
        assertNull(lookup.signIn("alice)(uid=*", "alice-secret".toCharArray()));
        DirectoryLookup anyone = new DirectoryLookup(withUserFilter(settings("ldap://localhost:" + port("plain"),
                false), "(|(uid={0})(objectClass=inetOrgPerson))"));
        assertNull(anyone.signIn("alice", "alice-secret".toCharArray()), "a filter matching several: nobody");
    }

    @Test
    void ldapsAndStartTlsSignInOverAnEncryptedConnection() {
        assertEquals("alice", new DirectoryLookup(settings("ldaps://localhost:" + port("ldaps"), false))
                .signIn("alice", "alice-secret".toCharArray()).name());
        assertEquals("alice", new DirectoryLookup(settings("ldap://localhost:" + port("starttls"), true))
                .signIn("alice", "alice-secret".toCharArray()).name());
        assertNull(new DirectoryLookup(settings("ldap://localhost:" + port("starttls"), true))
                .signIn("alice", "wrong".toCharArray()));
    }

    @Test
    void aDirectoryThatCannotTellIsUnavailableNotAWrongPassword() throws Exception {
        int closed;
        try (ServerSocket free = new ServerSocket(0)) {
            closed = free.getLocalPort();
        }
        DirectoryLookup down = new DirectoryLookup(settings("ldap://localhost:" + closed, false));
        assertThrows(DirectoryUnavailableException.class, () -> down.signIn("alice", "alice-secret".toCharArray()));

        DirectorySettings good = settings("ldap://localhost:" + port("plain"), false);
        DirectoryLookup refusedService = new DirectoryLookup(new DirectorySettings(good.urls(), false, good.bindDn(),
                "not-the-service-secret", good.userBase(), good.userFilter(), good.userNameAttribute(),
                good.groupBase(), good.groupFilter(), good.groupNameAttribute(), good.reportViewerGroups(),
                good.refreshAdminGroups(), good.auditorGroups()));
        assertThrows(DirectoryUnavailableException.class,
                () -> refusedService.signIn("alice", "alice-secret".toCharArray()));

        DirectoryLookup noStartTls = new DirectoryLookup(settings("ldap://localhost:" + port("plain"), true));
        assertThrows(DirectoryUnavailableException.class,
                () -> noStartTls.signIn("alice", "alice-secret".toCharArray()),
                "StartTLS asked for and not offered: no password is sent in clear");
    }

    private static int port(String listener) {
        return server.getListenPort(listener);
    }

    private static DirectorySettings settings(String url, boolean startTls) {
        return new DirectorySettings(List.of(URI.create(url)), startTls,
                "cn=mv-reports,ou=services,dc=example,dc=com", "service-secret", "ou=people,dc=example,dc=com",
                "(uid={0})", "uid", "ou=groups,dc=example,dc=com", "(member={0})", "cn", Set.of("mvr-viewers"),
                Set.of("mvr-admins"), Set.of("mvr-auditors"));
    }

    private static DirectorySettings withUserFilter(DirectorySettings s, String userFilter) {
        return new DirectorySettings(s.urls(), s.startTls(), s.bindDn(), s.bindPassword(), s.userBase(), userFilter,
                s.userNameAttribute(), s.groupBase(), s.groupFilter(), s.groupNameAttribute(), s.reportViewerGroups(),
                s.refreshAdminGroups(), s.auditorGroups());
    }
}

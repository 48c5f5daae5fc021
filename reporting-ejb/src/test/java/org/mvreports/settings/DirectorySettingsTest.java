package org.mvreports.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DirectorySettingsTest {

    @Test
    void addressesAreLdapOrLdapsWithAHostInTheOrderGiven() {
        assertEquals(List.of(URI.create("ldaps://ldap1.example.com:636"), URI.create("ldap://ldap2.example.com")),
                DirectorySettings.parseUrls(" ldaps://ldap1.example.com:636   ldap://ldap2.example.com "));
        for (String wrong : List.of("http://ldap.example.com", "ldap.example.com", "ldap://", "ldaps:///dc=x")) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> DirectorySettings.parseUrls(wrong), wrong);
            assertTrue(refused.getMessage().startsWith("REPORTING_LDAP_URL must be ldap:// or ldaps://"),
                    refused.getMessage());
        }
    }

    @Test
    void startTlsIsForPlainAddressesOnly() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> new DirectorySettings(
                List.of(URI.create("ldaps://ldap.example.com")), true, null, null, "ou=people", "(uid={0})", "uid",
                "ou=groups", "(member={0})", "cn", Set.of(), Set.of(), Set.of()));
        assertTrue(refused.getMessage().contains("REPORTING_LDAP_START_TLS"), refused.getMessage());
    }
}

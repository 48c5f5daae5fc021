package org.mvreports.settings;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * How to sign people in against the company directory (LDAP), read by {@link ReportingSettings#directory()} from the
 * {@code REPORTING_LDAP_*} settings (the README lists them with examples).
 *
 * @param urls              the directory's addresses, {@code ldap://} or {@code ldaps://}, tried in order
 * @param startTls          whether to upgrade a plain {@code ldap://} connection with StartTLS before any password
 *                          is sent
 * @param bindDn            the service account that searches for users and groups; null: search anonymously
 * @param bindPassword      its password (never logged)
 * @param userBase          where users are searched (subtree)
 * @param userFilter        the filter that finds a user by the name typed at sign-in, {@code {0}}
 * @param userNameAttribute the attribute whose value becomes the signed-in name (so "Alice" and "alice" are one
 *                          person in the history)
 * @param groupBase         where groups are searched (subtree)
 * @param groupFilter       the filter that finds a user's groups by the user's DN, {@code {0}}
 * @param groupNameAttribute the attribute that names a group in {@code roleGroups}
 * @param reportViewerGroups the groups (by name) whose members are report viewers
 * @param refreshAdminGroups the groups whose members are refresh administrators
 * @param auditorGroups      the groups whose members are auditors
 */
public record DirectorySettings(List<URI> urls, boolean startTls, String bindDn, String bindPassword,
                                String userBase, String userFilter, String userNameAttribute, String groupBase,
                                String groupFilter, String groupNameAttribute, Set<String> reportViewerGroups,
                                Set<String> refreshAdminGroups, Set<String> auditorGroups) {

    public DirectorySettings {
        urls = List.copyOf(urls);
        reportViewerGroups = Set.copyOf(reportViewerGroups);
        refreshAdminGroups = Set.copyOf(refreshAdminGroups);
        auditorGroups = Set.copyOf(auditorGroups);
        if (startTls && urls.stream().anyMatch(url -> "ldaps".equals(url.getScheme()))) {
            throw new IllegalArgumentException("REPORTING_LDAP_START_TLS is for ldap:// addresses; an ldaps://"
                    + " address is encrypted already");
        }
    }

    /** The addresses of {@code REPORTING_LDAP_URL}: space separated, each ldap:// or ldaps:// with a host. */
    static List<URI> parseUrls(String setting) {
        List<URI> urls = new ArrayList<>();
        for (String url : setting.trim().split("\\s+")) {
            try {
                URI parsed = new URI(url);
                if (!("ldap".equals(parsed.getScheme()) || "ldaps".equals(parsed.getScheme()))
                        || parsed.getHost() == null) {
                    throw new URISyntaxException(url, "not ldap:// or ldaps:// with a host");
                }
                urls.add(parsed);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("REPORTING_LDAP_URL must be ldap:// or ldaps:// addresses such as"
                        + " ldaps://ldap.example.com:636, was '" + url + "'", e);
            }
        }
        return urls;
    }
}

package org.mvreports.security;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import javax.naming.AuthenticationException;
import javax.naming.Context;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.PartialResultException;
import javax.naming.SizeLimitExceededException;
import javax.naming.directory.Attribute;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;
import javax.naming.ldap.InitialLdapContext;
import javax.naming.ldap.LdapContext;
import javax.naming.ldap.StartTlsRequest;
import javax.naming.ldap.StartTlsResponse;
import org.mvreports.security.entity.Roles;
import org.mvreports.settings.DirectorySettings;

/**
 * One sign-in against the company directory, with the JDK's own LDAP client (JNDI): find the user with the service
 * account, bind as that user with the password given (the directory checks it; the application never sees a
 * directory password hash), then read the user's groups with the service account and map them to roles.
 *
 * <p>Every value typed at sign-in reaches the directory only as a filter argument, which JNDI escapes; a name such as
 * {@code *} or {@code a)(uid=*} matches no one. Connections time out after {@link #CONNECT_TIMEOUT_MILLIS} and reads
 * after {@link #READ_TIMEOUT_MILLIS}, so a directory that hangs holds a sign-in for seconds, not minutes.
 */
final class DirectoryLookup {

    static final int CONNECT_TIMEOUT_MILLIS = 2_000;
    static final int READ_TIMEOUT_MILLIS = 5_000;

    /** Who signed in: the name the directory gives them, and the application roles their groups grant. */
    record Caller(String name, Set<String> roles) {
    }

    private final DirectorySettings directory;

    DirectoryLookup(DirectorySettings directory) {
        this.directory = directory;
    }

    /**
     * @return the caller, or null when there is no such user (or more than one), or the password is wrong
     * @throws DirectoryUnavailableException when the directory cannot tell
     */
    Caller signIn(String name, char[] password) {
        LdapContext service = connect(directory.bindDn(), directory.bindPassword() == null ? null
                : directory.bindPassword().toCharArray(), true);
        try {
            SearchResult user = findUser(service, name);
            if (user == null) {
                return null;
            }
            String dn = user.getNameInNamespace();
            if (!passwordIsRight(dn, password)) {
                return null;
            }
            Attribute nameAttribute = user.getAttributes().get(directory.userNameAttribute());
            String callerName = nameAttribute == null || nameAttribute.get() == null ? name
                    : nameAttribute.get().toString();
            return new Caller(callerName, roles(groupsOf(service, dn)));
        } catch (NamingException e) {
            throw unavailable("the directory refused a search", e);
        } finally {
            closeQuietly(service);
        }
    }

    /** The one entry the user filter finds for {@code name}; null for none or several (ambiguous: nobody). */
    private SearchResult findUser(LdapContext service, String name) throws NamingException {
        SearchControls controls = new SearchControls();
        controls.setSearchScope(SearchControls.SUBTREE_SCOPE);
        controls.setCountLimit(2);
        controls.setTimeLimit(READ_TIMEOUT_MILLIS);
        controls.setReturningAttributes(new String[] {directory.userNameAttribute()});
        List<SearchResult> found = new ArrayList<>();
        try {
            NamingEnumeration<SearchResult> results = service.search(directory.userBase(), directory.userFilter(),
                    new Object[] {name}, controls);
            while (results.hasMore()) {
                found.add(results.next());
            }
        } catch (SizeLimitExceededException | PartialResultException moreOrElsewhere) {
            // More than the two asked for (ambiguous either way), or a referral to another server: not followed.
        }
        return found.size() == 1 ? found.get(0) : null;
    }

    private boolean passwordIsRight(String dn, char[] password) {
        LdapContext user;
        try {
            user = connect(dn, password, false);
        } catch (WrongPassword e) {
            return false;
        }
        closeQuietly(user);
        return true;
    }

    private Set<String> groupsOf(LdapContext service, String userDn) throws NamingException {
        SearchControls controls = new SearchControls();
        controls.setSearchScope(SearchControls.SUBTREE_SCOPE);
        controls.setTimeLimit(READ_TIMEOUT_MILLIS);
        controls.setReturningAttributes(new String[] {directory.groupNameAttribute()});
        Set<String> groups = new HashSet<>();
        try {
            NamingEnumeration<SearchResult> results = service.search(directory.groupBase(), directory.groupFilter(),
                    new Object[] {userDn}, controls);
            while (results.hasMore()) {
                Attribute groupName = results.next().getAttributes().get(directory.groupNameAttribute());
                if (groupName != null) {
                    for (NamingEnumeration<?> values = groupName.getAll(); values.hasMore(); ) {
                        groups.add(values.next().toString().toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (PartialResultException referral) {
            // A referral to another server: not followed; the groups found here count.
        }
        return groups;
    }

    /** The roles the settings grant to members of {@code groups} (names compared without case, as LDAP does). */
    Set<String> roles(Set<String> groups) {
        Set<String> roles = new HashSet<>();
        if (grants(directory.reportViewerGroups(), groups)) {
            roles.add(Roles.REPORT_VIEWER);
        }
        if (grants(directory.refreshAdminGroups(), groups)) {
            roles.add(Roles.REFRESH_ADMIN);
        }
        if (grants(directory.auditorGroups(), groups)) {
            roles.add(Roles.AUDITOR);
        }
        return roles;
    }

    private static boolean grants(Set<String> roleGroups, Set<String> memberOf) {
        return roleGroups.stream().map(g -> g.toLowerCase(Locale.ROOT)).anyMatch(memberOf::contains);
    }

    /**
     * A context bound as {@code dn} (anonymously when null), over StartTLS when the settings ask for it.
     *
     * @param service whether this is the service account: its refusal is a setup problem (unavailable), a user's is
     *                a wrong password
     * @throws WrongPassword when a user's bind is refused
     */
    private LdapContext connect(String dn, char[] password, boolean service) {
        Hashtable<String, Object> environment = new Hashtable<>();
        environment.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        environment.put(Context.PROVIDER_URL, directory.urls().stream().map(URI::toString)
                .collect(Collectors.joining(" ")));
        environment.put("com.sun.jndi.ldap.connect.timeout", String.valueOf(CONNECT_TIMEOUT_MILLIS));
        environment.put("com.sun.jndi.ldap.read.timeout", String.valueOf(READ_TIMEOUT_MILLIS));
        environment.put(Context.REFERRAL, "ignore");
        LdapContext context = null;
        try {
            if (directory.startTls()) {
                environment.put(Context.SECURITY_AUTHENTICATION, "none");
                context = new InitialLdapContext(environment, null);
                StartTlsResponse tls = (StartTlsResponse) context.extendedOperation(new StartTlsRequest());
                tls.negotiate();
                if (dn != null) {
                    // Bound on the same, now encrypted, connection at the next operation.
                    context.addToEnvironment(Context.SECURITY_AUTHENTICATION, "simple");
                    context.addToEnvironment(Context.SECURITY_PRINCIPAL, dn);
                    context.addToEnvironment(Context.SECURITY_CREDENTIALS, password);
                    context.getAttributes("", new String[] {"1.1"});
                }
                return context;
            }
            if (dn != null) {
                environment.put(Context.SECURITY_AUTHENTICATION, "simple");
                environment.put(Context.SECURITY_PRINCIPAL, dn);
                environment.put(Context.SECURITY_CREDENTIALS, password);
            }
            return new InitialLdapContext(environment, null);
        } catch (AuthenticationException e) {
            closeQuietly(context);
            if (service) {
                throw unavailable("the directory refused the service account REPORTING_LDAP_BIND_DN", e);
            }
            throw new WrongPassword();
        } catch (NamingException | IOException e) {
            closeQuietly(context);
            throw unavailable("cannot reach the directory at " + environment.get(Context.PROVIDER_URL), e);
        }
    }

    private static DirectoryUnavailableException unavailable(String what, Exception cause) {
        return new DirectoryUnavailableException(what + ": " + cause, cause);
    }

    private static void closeQuietly(LdapContext context) {
        if (context != null) {
            try {
                context.close();
            } catch (NamingException e) {
                // Nothing depends on the connection any more.
            }
        }
    }

    /** A user's bind was refused: the password is wrong (or the account locked, which the user must not learn). */
    private static final class WrongPassword extends RuntimeException {
        private static final long serialVersionUID = 1L;

        WrongPassword() {
            super(null, null, false, false);
        }
    }
}

package org.mvreports.security;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.faces.annotation.FacesConfig;
import jakarta.security.enterprise.identitystore.DatabaseIdentityStoreDefinition;
import org.mvreports.security.control.Accounts;
import org.mvreports.security.entity.Roles;

/**
 * Where callers are checked: {@code app.accounts}, whose passwords are PBKDF2 hashes (checked by
 * {@link RememberedPasswordHash}), with roles from {@code app.account_roles}. Disabled accounts (such as demo
 * accounts when REPORTING_DEMO_DATA=false) cannot sign in. How credentials arrive (login form, HTTP Basic) is
 * {@link ReportingAuthenticationMechanism}'s business.
 */
@ApplicationScoped
@FacesConfig
@DeclareRoles({Roles.REPORT_VIEWER, Roles.REFRESH_ADMIN, Roles.AUDITOR})
@DatabaseIdentityStoreDefinition(
        dataSourceLookup = "jdbc/reporting",
        callerQuery = Accounts.SIGN_IN_PASSWORD_QUERY,
        groupsQuery = Accounts.SIGN_IN_ROLES_QUERY,
        hashAlgorithm = RememberedPasswordHash.class)
public class SecurityConfiguration {
}

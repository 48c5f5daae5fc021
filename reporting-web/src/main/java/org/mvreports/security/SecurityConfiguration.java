package org.mvreports.security;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.faces.annotation.FacesConfig;
import jakarta.security.enterprise.authentication.mechanism.http.CustomFormAuthenticationMechanismDefinition;
import jakarta.security.enterprise.authentication.mechanism.http.LoginToContinue;
import jakarta.security.enterprise.identitystore.DatabaseIdentityStoreDefinition;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;

/**
 * How people sign in: a form (the login page, which hands the credentials to Jakarta Security), checked against
 * {@code app.accounts} whose passwords are PBKDF2 hashes; roles come from {@code app.account_roles}. Disabled
 * accounts (such as demo accounts when REPORTING_DEMO_DATA=false) cannot sign in.
 */
@ApplicationScoped
@FacesConfig
@DeclareRoles({Roles.REPORT_VIEWER, Roles.REFRESH_ADMIN, Roles.AUDITOR})
@CustomFormAuthenticationMechanismDefinition(
        loginToContinue = @LoginToContinue(loginPage = "/login.xhtml", errorPage = "", useForwardToLogin = true))
@DatabaseIdentityStoreDefinition(
        dataSourceLookup = "jdbc/reporting",
        callerQuery = "SELECT password_hash FROM app.accounts WHERE username = ? AND enabled",
        groupsQuery = "SELECT role FROM app.account_roles WHERE username = ?",
        hashAlgorithm = Pbkdf2PasswordHash.class)
public class SecurityConfiguration {
}

package org.mvreports.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.sql.SQLException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import org.mvreports.database.LocalTransactions;
import org.mvreports.security.DirectoryLookup.Caller;
import org.mvreports.security.control.Accounts;
import org.mvreports.settings.DirectorySettings;
import org.mvreports.settings.ReportingSettings;

/**
 * Sign-in against the company directory (LDAP), beside the database accounts of {@link SecurityConfiguration}, when
 * the settings name a directory ({@code REPORTING_LDAP_URL}, see {@link ReportingSettings#directory()}). It is a
 * Jakarta Security identity store of the application's own, so the application's authentication mechanism asks it
 * directly; the server's realms are never consulted.
 *
 * <p>The database store is asked first; this one after it, and only for names that are not database accounts (an
 * entry in the directory must not take over a database account of the same name, disabled demo accounts included).
 * A confirmed directory password is remembered for {@link #REMEMBERED_FOR} with the roles found
 * ({@link ConfirmedPasswords}): an API client then costs no bind per request, and a change in the directory (a
 * new password, a group left) takes effect on this node within that time.
 *
 * <p>When the directory cannot tell, this store throws {@link DirectoryUnavailableException}: the caller is told to
 * try again later (503), not that the password is wrong. Database accounts are checked before and are not affected.
 */
@ApplicationScoped
public class DirectoryIdentityStore implements IdentityStore {

    static final Duration REMEMBERED_FOR = Duration.ofMinutes(5);

    /** After the database store (Jakarta Security's default priority, 70, is the database store's). */
    static final int PRIORITY = 100;

    private static final Logger LOG = Logger.getLogger(DirectoryIdentityStore.class.getName());

    private final ConfirmedPasswords<Caller> confirmed =
            new ConfirmedPasswords<>(REMEMBERED_FOR, RememberedPasswordHash.MAX_REMEMBERED, System::nanoTime);

    @Inject
    ReportingSettings settings;

    @Inject
    LocalTransactions database;

    @Override
    public CredentialValidationResult validate(Credential credential) {
        Optional<DirectorySettings> directory = settings.directory();
        if (directory.isEmpty() || !(credential instanceof UsernamePasswordCredential given)) {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        String name = given.getCaller();
        char[] password = given.getPassword().getValue();
        if (name == null || name.isBlank() || password == null || password.length == 0) {
            // An empty password is an anonymous bind, which many directories accept: never a sign-in.
            return CredentialValidationResult.INVALID_RESULT;
        }
        if (isDatabaseAccount(name)) {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        String key = name.toLowerCase(Locale.ROOT);
        Optional<Caller> remembered = confirmed.recall(key, password);
        if (remembered.isPresent()) {
            return valid(remembered.get());
        }
        Caller caller = new DirectoryLookup(directory.get()).signIn(name, password);
        if (caller == null) {
            confirmed.forget(key);
            return CredentialValidationResult.INVALID_RESULT;
        }
        if (caller.roles().isEmpty()) {
            LOG.info(() -> "directory user " + caller.name() + " signed in, but is in no group mapped to a role");
        }
        confirmed.remember(key, password, caller);
        return valid(caller);
    }

    private boolean isDatabaseAccount(String name) {
        try {
            return database.inTransaction(connection -> Accounts.exists(connection, name));
        } catch (SQLException e) {
            // The account database does not answer: the mechanism tells the caller to try again (503).
            throw new IllegalStateException("cannot tell whether " + name + " is a database account", e);
        }
    }

    private static CredentialValidationResult valid(Caller caller) {
        return new CredentialValidationResult(caller.name(), caller.roles());
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    /**
     * Validates and gives the roles with the result: Jakarta Security takes the groups of a valid result only from a
     * store that declares both (it asks stores that only provide groups separately; this one is none of those).
     */
    @Override
    public Set<ValidationType> validationTypes() {
        return EnumSet.of(ValidationType.VALIDATE, ValidationType.PROVIDE_GROUPS);
    }
}

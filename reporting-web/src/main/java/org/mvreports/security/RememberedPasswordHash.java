package org.mvreports.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.identitystore.PasswordHash;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.time.Duration;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * PBKDF2, as {@code app.accounts} stores it, with a short memory of passwords it has just confirmed
 * ({@link ConfirmedPasswords}). PBKDF2 is slow on purpose, which is right for a person signing in once and wrong for
 * an API client that sends its Basic credentials with each of hundreds of requests: without this, checking them was a
 * good part of what an API page cost.
 *
 * <p>The memory's key is the stored hash itself, so a new password (a new hash) or a disabled account (the identity
 * store finds no hash) takes effect at once: the store still reads the account on every request, only the derivation
 * is skipped.
 */
@ApplicationScoped
public class RememberedPasswordHash implements PasswordHash {

    static final Duration REMEMBERED_FOR = Duration.ofMinutes(10);
    static final int MAX_REMEMBERED = 10_000;

    private final ConfirmedPasswords<Boolean> confirmed;

    @Inject
    Pbkdf2PasswordHash pbkdf2;

    public RememberedPasswordHash() {
        this(System::nanoTime);
    }

    RememberedPasswordHash(LongSupplier nanoClock) {
        this.confirmed = new ConfirmedPasswords<>(REMEMBERED_FOR, MAX_REMEMBERED, nanoClock);
    }

    @Override
    public void initialize(Map<String, String> parameters) {
        pbkdf2.initialize(parameters);
    }

    @Override
    public String generate(char[] password) {
        return pbkdf2.generate(password);
    }

    @Override
    public boolean verify(char[] password, String hashedPassword) {
        if (confirmed.recall(hashedPassword, password).isPresent()) {
            return true;
        }
        if (!pbkdf2.verify(password, hashedPassword)) {
            return false;
        }
        confirmed.remember(hashedPassword, password, Boolean.TRUE);
        return true;
    }
}

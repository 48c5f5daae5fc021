package org.mvreports.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.identitystore.PasswordHash;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * PBKDF2, as {@code app.accounts} stores it, with a short memory of passwords it has just confirmed. PBKDF2 is slow
 * on purpose, which is right for a person signing in once and wrong for an API client that sends its Basic
 * credentials with each of hundreds of requests: without this, checking them was a good part of what an API page
 * cost.
 *
 * <p>What is remembered is safe to remember. The key is the stored hash itself, so a new password (a new hash) or a
 * disabled account (the identity store finds no hash) takes effect at once: the store still reads the account on
 * every request, only the derivation is skipped. The value is an HMAC of the password under a key made at start-up
 * and never written anywhere, never the password; an entry is forgotten {@link #REMEMBERED_FOR} after it was
 * confirmed, and at most {@link #MAX_REMEMBERED} are kept. Wrong passwords are never remembered, so guessing costs a
 * full PBKDF2 derivation every time.
 */
@ApplicationScoped
public class RememberedPasswordHash implements PasswordHash {

    static final Duration REMEMBERED_FOR = Duration.ofMinutes(10);
    static final int MAX_REMEMBERED = 10_000;

    private record Confirmed(byte[] passwordMac, long until) {
    }

    /** Stored hash → the password that matched it; oldest first, so the eldest is dropped when full. */
    private final Map<String, Confirmed> confirmed = new LinkedHashMap<>();

    private final SecretKeySpec macKey;
    private final LongSupplier nanoClock;

    @Inject
    Pbkdf2PasswordHash pbkdf2;

    public RememberedPasswordHash() {
        this(System::nanoTime);
    }

    RememberedPasswordHash(LongSupplier nanoClock) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.macKey = new SecretKeySpec(key, "HmacSHA256");
        this.nanoClock = nanoClock;
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
        byte[] mac = mac(password);
        long now = nanoClock.getAsLong();
        boolean remembered;
        synchronized (confirmed) { // only the look-up: a derivation under the lock would hold up every sign-in
            Confirmed known = confirmed.get(hashedPassword);
            remembered = known != null && now - known.until() < 0
                    && MessageDigest.isEqual(known.passwordMac(), mac);
        }
        return remembered || verifyAndRemember(password, hashedPassword, mac, now);
    }

    private boolean verifyAndRemember(char[] password, String hashedPassword, byte[] mac, long now) {
        if (!pbkdf2.verify(password, hashedPassword)) {
            return false;
        }
        synchronized (confirmed) {
            confirmed.remove(hashedPassword); // re-inserted last: the map stays ordered by confirmation time
            confirmed.values().removeIf(entry -> now - entry.until() >= 0);
            if (confirmed.size() >= MAX_REMEMBERED) {
                confirmed.remove(confirmed.keySet().iterator().next());
            }
            confirmed.put(hashedPassword, new Confirmed(mac, now + REMEMBERED_FOR.toNanos()));
        }
        return true;
    }

    private byte[] mac(char[] password) {
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(macKey);
            hmac.update(bytes);
            return hmac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        } finally {
            Arrays.fill(bytes.array(), (byte) 0);
        }
    }
}

package org.mvreports.security;

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
import java.util.Optional;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A short memory of passwords just confirmed, so that an API client sending its credentials with each of hundreds of
 * requests costs one slow check (a PBKDF2 derivation, a directory bind), not hundreds. Used for database accounts
 * ({@link RememberedPasswordHash}) and directory accounts ({@link DirectoryIdentityStore}) alike.
 *
 * <p>What is kept is safe to keep: an HMAC of the password under a key made at start-up and never written anywhere,
 * never the password, with what the confirmation found. An entry is forgotten {@code rememberedFor} after it was
 * confirmed, and at most {@code capacity} are kept (the eldest goes first). Only confirmed passwords are remembered,
 * so a wrong guess costs the full check every time.
 *
 * @param <V> what a confirmation found (the caller and roles of a directory account, say)
 */
final class ConfirmedPasswords<V> {

    private record Confirmed<V>(byte[] passwordMac, V found, long until) {
    }

    /** Key → the latest confirmation; oldest first, so the eldest is dropped when full. */
    private final Map<String, Confirmed<V>> confirmed = new LinkedHashMap<>();

    private final SecretKeySpec macKey;
    private final long rememberedForNanos;
    private final int capacity;
    private final LongSupplier nanoClock;

    ConfirmedPasswords(Duration rememberedFor, int capacity, LongSupplier nanoClock) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.macKey = new SecretKeySpec(key, "HmacSHA256");
        this.rememberedForNanos = rememberedFor.toNanos();
        this.capacity = capacity;
        this.nanoClock = nanoClock;
    }

    /** What the confirmation of this very password under {@code key} found, while it is remembered. */
    Optional<V> recall(String key, char[] password) {
        byte[] mac = mac(password);
        long now = nanoClock.getAsLong();
        synchronized (confirmed) { // only the look-up: a slow check under the lock would hold up every sign-in
            Confirmed<V> known = confirmed.get(key);
            return known != null && now - known.until() < 0 && MessageDigest.isEqual(known.passwordMac(), mac)
                    ? Optional.of(known.found()) : Optional.empty();
        }
    }

    /** Remembers that {@code password} was just confirmed under {@code key}, finding {@code found}. */
    void remember(String key, char[] password, V found) {
        byte[] mac = mac(password);
        long now = nanoClock.getAsLong();
        synchronized (confirmed) {
            confirmed.remove(key); // re-inserted last: the map stays ordered by confirmation time
            confirmed.values().removeIf(entry -> now - entry.until() >= 0);
            if (confirmed.size() >= capacity) {
                confirmed.remove(confirmed.keySet().iterator().next());
            }
            confirmed.put(key, new Confirmed<>(mac, found, now + rememberedForNanos));
        }
    }

    /** Forgets {@code key}'s confirmation (its password was just refused). */
    void forget(String key) {
        synchronized (confirmed) {
            confirmed.remove(key);
        }
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

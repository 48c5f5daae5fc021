package org.mvreports.launcher.accounts;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes in the form the application's identity store verifies: it uses Jakarta Security's
 * {@code Pbkdf2PasswordHash} (Soteria's implementation, in Payara) with its defaults, which reads
 * {@code <algorithm>:<iterations>:<salt>:<hash>} with salt and hash in standard, padded Base64 and derives the key
 * again with the algorithm, iterations and length it finds there. The defaults written here are Soteria's own:
 * PBKDF2 with HMAC-SHA256, 2048 iterations, a 32-byte random salt, a 32-byte key. The JDK does the derivation (it
 * encodes the password as UTF-8, as Soteria, which also leaves that to the JDK).
 */
final class PasswordHash {

    static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    static final int ITERATIONS = 2048;
    static final int SALT_BYTES = 32;
    static final int KEY_BYTES = 32;

    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHash() {
    }

    /** A hash of the password with a new random salt. */
    static String of(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return of(password, salt);
    }

    /** A hash of the password with the given salt (tests compare it with independently computed values). */
    static String of(char[] password, byte[] salt) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, ITERATIONS, KEY_BYTES * 8);
        try {
            byte[] key = SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
            Base64.Encoder base64 = Base64.getEncoder();
            return ALGORITHM + ":" + ITERATIONS + ":" + base64.encodeToString(salt) + ":" + base64.encodeToString(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot compute " + ALGORITHM, e);
        } finally {
            spec.clearPassword();
        }
    }
}

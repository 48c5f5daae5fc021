package org.mvreports.launcher.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Base64;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PasswordHashTest {

    /**
     * Expected value computed independently, with Python's hashlib.pbkdf2_hmac('sha256', password as UTF-8, salt
     * 0..31, 2048, 32): a non-ASCII password pins the encoding Soteria's verification uses too.
     */
    @Test
    void isPbkdf2WithHmacSha256InSoteriasDefaultForm() {
        byte[] salt = new byte[32];
        IntStream.range(0, 32).forEach(i -> salt[i] = (byte) i);

        assertEquals("PBKDF2WithHmacSHA256:2048:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
                        + ":Ug96z9IB2mCj4c/To07jKCjF91rq5dBEqT9t8CXt0Qs=",
                PasswordHash.of("pässwörd ✓".toCharArray(), salt));
    }

    @Test
    void everyHashHasANewRandomSaltOf32Bytes() {
        String first = PasswordHash.of("same".toCharArray());
        String second = PasswordHash.of("same".toCharArray());

        assertNotEquals(first, second);
        for (String hash : new String[] {first, second}) {
            String[] parts = hash.split(":");
            assertEquals(4, parts.length, hash);
            assertEquals(32, Base64.getDecoder().decode(parts[2]).length, "salt of " + hash);
            assertEquals(32, Base64.getDecoder().decode(parts[3]).length, "key of " + hash);
        }
    }
}

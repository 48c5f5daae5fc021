package org.mvreports.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RememberedPasswordHashTest {

    /** Which (password, stored hash) pairs reached the slow derivation. */
    private final List<String> derivations = new ArrayList<>();
    private final AtomicLong now = new AtomicLong();
    private final RememberedPasswordHash hash = new RememberedPasswordHash(now::get);

    RememberedPasswordHashTest() {
        hash.pbkdf2 = new Pbkdf2PasswordHash() {
            @Override
            public String generate(char[] password) {
                return "hash-of-" + new String(password);
            }

            @Override
            public boolean verify(char[] password, String hashedPassword) {
                derivations.add(new String(password) + "@" + hashedPassword);
                return hashedPassword.equals(generate(password));
            }

            @Override
            public void initialize(Map<String, String> parameters) {
            }
        };
    }

    @Test
    void aConfirmedPasswordIsNotDerivedAgainWhileRemembered() {
        assertTrue(hash.verify("secret".toCharArray(), "hash-of-secret"));
        assertTrue(hash.verify("secret".toCharArray(), "hash-of-secret"));
        assertEquals(List.of("secret@hash-of-secret"), derivations);
    }

    @Test
    void aWrongPasswordIsDerivedEveryTimeAndNeverAccepted() {
        assertTrue(hash.verify("secret".toCharArray(), "hash-of-secret"));
        assertFalse(hash.verify("guess".toCharArray(), "hash-of-secret"));
        assertFalse(hash.verify("guess".toCharArray(), "hash-of-secret"));
        assertEquals(List.of("secret@hash-of-secret", "guess@hash-of-secret", "guess@hash-of-secret"), derivations);
        assertTrue(hash.verify("secret".toCharArray(), "hash-of-secret"), "the right one is still remembered");
        assertEquals(3, derivations.size());
    }

    @Test
    void aNewStoredHashIsCheckedAfreshSoAnOldPasswordStopsWorkingAtOnce() {
        assertTrue(hash.verify("old".toCharArray(), "hash-of-old"));
        assertFalse(hash.verify("old".toCharArray(), "hash-of-new"));
        assertTrue(hash.verify("new".toCharArray(), "hash-of-new"));
        assertEquals(List.of("old@hash-of-old", "old@hash-of-new", "new@hash-of-new"), derivations);
    }

    @Test
    void aPasswordIsDerivedAgainOnceItsTimeIsUp() {
        assertTrue(hash.verify("secret".toCharArray(), "hash-of-secret"));
        now.addAndGet(RememberedPasswordHash.REMEMBERED_FOR.toNanos() - 1);
        assertTrue(hash.verify("secret".toCharArray(), "hash-of-secret"));
        assertEquals(1, derivations.size());
        now.addAndGet(1);
        assertTrue(hash.verify("secret".toCharArray(), "hash-of-secret"));
        assertEquals(2, derivations.size());
    }

    @Test
    void aSlowWrongGuessDoesNotHoldUpAnotherCallersRememberedPassword() throws Exception {
        assertTrue(hash.verify("secret".toCharArray(), "hash-of-secret"));
        CountDownLatch deriving = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        Pbkdf2PasswordHash fast = hash.pbkdf2;
        hash.pbkdf2 = new Pbkdf2PasswordHash() {
            @Override
            public String generate(char[] password) {
                return fast.generate(password);
            }

            @Override
            public boolean verify(char[] password, String hashedPassword) {
                deriving.countDown();
                try {
                    finish.await(); // a derivation that takes as long as the test says
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return fast.verify(password, hashedPassword);
            }
        };
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try {
            Future<Boolean> guess = callers.submit(() -> hash.verify("guess".toCharArray(), "hash-of-secret"));
            assertTrue(deriving.await(10, TimeUnit.SECONDS));
            Future<Boolean> known = callers.submit(() -> hash.verify("secret".toCharArray(), "hash-of-secret"));
            assertTrue(known.get(10, TimeUnit.SECONDS), "answered from memory while the guess is still derived");
            finish.countDown();
            assertFalse(guess.get(10, TimeUnit.SECONDS));
        } finally {
            finish.countDown();
            callers.shutdownNow();
        }
    }

    @Test
    void theOldestIsForgottenWhenFull() {
        for (int i = 0; i < RememberedPasswordHash.MAX_REMEMBERED + 1; i++) {
            assertTrue(hash.verify(("p" + i).toCharArray(), "hash-of-p" + i));
        }
        derivations.clear();
        assertTrue(hash.verify("p1".toCharArray(), "hash-of-p1"));
        assertTrue(hash.verify("p0".toCharArray(), "hash-of-p0"));
        assertEquals(List.of("p0@hash-of-p0"), derivations, "p0 was dropped to make room, p1 was kept");
    }
}

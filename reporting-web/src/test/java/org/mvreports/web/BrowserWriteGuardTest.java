package org.mvreports.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BrowserWriteGuardTest {

    @Test
    void onlyThisServersOwnOriginCounts() {
        assertTrue(BrowserWriteGuard.sameOrigin("http://reports.example.com:8080", "reports.example.com:8080"));
        assertTrue(BrowserWriteGuard.sameOrigin("https://reports.example.com", "REPORTS.example.com"));
        assertFalse(BrowserWriteGuard.sameOrigin("https://evil.example", "reports.example.com"));
        assertFalse(BrowserWriteGuard.sameOrigin("http://reports.example.com:8081", "reports.example.com:8080"));
        assertFalse(BrowserWriteGuard.sameOrigin("null", "reports.example.com"), "a sandboxed or file page");
        assertFalse(BrowserWriteGuard.sameOrigin(null, "reports.example.com"));
        assertFalse(BrowserWriteGuard.sameOrigin("not a url", "reports.example.com"));
    }
}

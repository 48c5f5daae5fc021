package org.mvreports.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LoginBackingTest {

    @ParameterizedTest
    @CsvSource({
        "/reporting/reports/monthly-signups.xhtml, /reporting/reports/monthly-signups.xhtml",
        "/reporting/index.xhtml?x=1, /reporting/index.xhtml?x=1",
        "/reporting/, /reporting/",
        // never somewhere else, never back to the login page
        "https://evil.example/, /reporting/",
        "//evil.example/reporting/, /reporting/",
        "/reporting//evil.example, /reporting/",
        "/reportingx/index.xhtml, /reporting/",
        "/reporting/\\\\evil, /reporting/",
        "/reporting/login.xhtml, /reporting/",
        "'', /reporting/"
    })
    void continuesOnlyToPagesOfThisApplication(String continueTo, String expected) {
        LoginBacking login = new LoginBacking();
        login.setContinueTo(continueTo);
        assertEquals(expected, login.safeContinuation("/reporting"));
    }
}

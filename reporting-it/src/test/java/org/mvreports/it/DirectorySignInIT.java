package org.mvreports.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;

/**
 * Sign-in against the company directory: the stack's server is pointed at {@link TestDirectory}, a real LDAP server
 * (UnboundID's in-memory directory) with people, a service account and groups, three of them mapped to the roles.
 * Each test uses its own people, because a confirmed directory password is remembered for minutes.
 */
class DirectorySignInIT {

    private static final String REPORTS = "reports";
    private static final String JOBS = "refresh-jobs";
    private static final String EXPORT_RECORD = "exports";

    private final ApiClient api = new ApiClient(TestStack.applicationUrl());

    @Test
    void directoryGroupsGiveTheirRolesAndNothingElse() throws Exception {
        assertEquals(200, api.get(REPORTS, "alice", "alice-secret").statusCode(), "mvr-viewers: report viewer");
        assertEquals(403, api.get(JOBS, "alice", "alice-secret").statusCode(), "not an administrator");
        assertEquals(403, api.get(EXPORT_RECORD, "alice", "alice-secret").statusCode(), "not an auditor");

        assertEquals(200, api.get(JOBS, "bob", "bob-secret").statusCode(), "mvr-admins: refresh administrator");
        assertEquals(200, api.get(EXPORT_RECORD, "bob", "bob-secret").statusCode(),
                "MVR-Auditors, mapped as mvr-auditors: auditor");
        assertEquals(200, api.get(REPORTS, "bob", "bob-secret").statusCode(),
                "the catalog is for every role");
        assertEquals(403, api.get(REPORTS + "/monthly_signups/rows", "bob", "bob-secret").statusCode(),
                "report rows are for report viewers");

        assertEquals(200, api.get(REPORTS, "ALICE", "alice-secret").statusCode(),
                "the directory finds names without case");
        assertEquals(200, api.get(REPORTS, "viewer", "viewer").statusCode(), "database accounts sign in as before");
    }

    @Test
    void wrongPasswordsAndNamesThatAreNotOneUserAreRefused() throws Exception {
        assertEquals(401, api.get(REPORTS, "alice", "wrong").statusCode());
        assertEquals(401, api.get(REPORTS, "alice", "").statusCode(),
                "an empty password would be an anonymous bind: refused before the directory is asked");
        assertEquals(401, api.get(REPORTS, "*", "alice-secret").statusCode(), "a wildcard matches nobody");
        assertEquals(401, api.get(REPORTS, "alice)(uid=*", "alice-secret").statusCode(),
                "a filter typed as a name matches nobody");
        assertEquals(401, api.get(REPORTS, "nobody-at-all", "secret").statusCode());
        assertEquals(401, api.get(REPORTS, "viewer", "directory-viewer-secret").statusCode(),
                "a directory entry named like a database account does not take the account over");
        try (Browser browser = new Browser()) {
            browser.open("");
            browser.signIn("alice", "wrong");
            assertTrue(browser.text(By.id("login:messages")).contains("Wrong user name or password."),
                    browser.text(By.id("login:messages")));
        }
    }

    @Test
    void aDirectoryUserInNoMappedGroupSignsInAndIsToldThereIsNoRole() throws Exception {
        HttpResponse<String> refused = api.get(REPORTS, "carol", "carol-secret");
        assertEquals(403, refused.statusCode(), "signed in (not 401), with no role");
        try (Browser browser = new Browser()) {
            browser.open("");
            browser.signIn("carol", "carol-secret");
            assertEquals("No access yet", browser.text(By.tagName("h1")));
            String page = browser.text(By.id("no-role"));
            assertTrue(page.contains("You are signed in as carol, but this account has no role in MV Reports"),
                    page);
            assertTrue(browser.driver.findElements(By.id("back-to-catalog")).isEmpty(),
                    "no link to a catalog this account may not open");
            browser.screenshot(Path.of("target", "screenshots", "no-role-1280.png"));
            browser.driver.manage().window().setSize(new Dimension(390, 844));
            browser.screenshot(Path.of("target", "screenshots", "no-role-390.png"));
        }
    }

    @Test
    void whileTheDirectoryIsDownItsUsersAreToldToTryAgainAndDatabaseAccountsSignInAsBefore() throws Exception {
        assertEquals(200, api.get(REPORTS, "alice", "alice-secret").statusCode());
        TestDirectory.stop();
        try {
            HttpResponse<String> unavailable = api.get(REPORTS, "dave", "dave-secret");
            assertEquals(503, unavailable.statusCode(), unavailable.body());
            assertEquals("30", unavailable.headers().firstValue("Retry-After").orElse(null));
            JsonObject error = ApiClient.json(unavailable).asJsonObject();
            assertTrue(error.getString("error").startsWith("Signing in is not possible right now"), error.toString());

            assertEquals(200, api.get(REPORTS, "viewer", "viewer").statusCode(), "a database account");
            assertEquals(200, api.get(REPORTS, "alice", "alice-secret").statusCode(),
                    "a directory password confirmed minutes ago is remembered: no bind per request");
            assertEquals(503, api.get(REPORTS, "alice", "wrong").statusCode(),
                    "only the confirmed password is remembered: another one needs the directory");

            try (Browser browser = new Browser()) {
                browser.open("");
                browser.signIn("dave", "dave-secret");
                String message = browser.text(By.id("login:messages"));
                assertTrue(message.contains("Signing in is not possible right now."), message);
                browser.screenshot(Path.of("target", "screenshots", "directory-down-1280.png"));
                browser.driver.manage().window().setSize(new Dimension(390, 844));
                browser.screenshot(Path.of("target", "screenshots", "directory-down-390.png"));
            }
        } finally {
            TestDirectory.startAgain();
        }
        assertEquals(200, api.get(REPORTS, "dave", "dave-secret").statusCode(), "the directory is back");
    }
}

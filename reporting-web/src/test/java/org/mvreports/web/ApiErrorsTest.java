package org.mvreports.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ejb.EJBAccessException;
import jakarta.ejb.EJBException;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class ApiErrorsTest {

    private static ApiErrors.Answer answer(Throwable thrown) {
        return ApiErrors.answer(thrown, () -> "GET /reporting/api/reports");
    }

    @Test
    void aServerBugIsA500WithAnIncidentNotABadRequest() {
        ApiErrors.Answer answer = answer(new IllegalArgumentException("index 3 out of bounds for length 2"));
        assertEquals(Response.Status.INTERNAL_SERVER_ERROR, answer.status());
        assertTrue(answer.body().incident().matches("[0-9a-f]{8}"), answer.body().incident());
        assertTrue(answer.body().error().contains(answer.body().incident()));
        assertFalse(answer.body().error().contains("index"), "nothing of the inside: " + answer.body().error());
        assertEquals(Response.Status.INTERNAL_SERVER_ERROR,
                answer(new EJBException(new IllegalStateException("a system exception"))).status());
    }

    @Test
    void aMissingRoleIs403() {
        assertEquals(Response.Status.FORBIDDEN, answer(new EJBAccessException("no")).status());
    }

    @Test
    void aLostDatabaseIs503AndAsksToComeBack() {
        ApiErrors.Answer answer = answer(new IllegalStateException("cannot read",
                new SQLException("terminating connection due to administrator command", "57P01")));
        assertEquals(Response.Status.SERVICE_UNAVAILABLE, answer.status());
        assertTrue(answer.retryLater());
    }
}

package org.mvreports.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The time zone of the person reading a page: the browser's own, which every page reports in the {@value #COOKIE}
 * cookie ({@code resources/js/time-zone.js}). UTC when there is none or it is not a zone Java knows: a value from
 * the browser is never trusted beyond naming a zone.
 */
@Named
@RequestScoped
public class ReaderZone {

    /** The cookie the pages set. */
    static final String COOKIE = "mvr-zone";

    /** Longer than any zone name in the tz database; anything longer is not one. */
    private static final int MAX_NAME = 64;

    @Inject
    HttpServletRequest request;

    private ZoneId zone;

    /** The reader's zone, or UTC. */
    public ZoneId zone() {
        if (zone == null) {
            zone = fromCookies(request.getCookies());
        }
        return zone;
    }

    /** The zone's name as the pages mention it: "Europe/Oslo", "UTC". */
    public String getName() {
        return zone().getId();
    }

    static ZoneId fromCookies(Cookie[] cookies) {
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (COOKIE.equals(cookie.getName())) {
                    try {
                        return parse(URLDecoder.decode(cookie.getValue(), StandardCharsets.UTF_8));
                    } catch (IllegalArgumentException badEscape) {
                        return Formats.UTC;
                    }
                }
            }
        }
        return Formats.UTC;
    }

    static ZoneId parse(String name) {
        if (name == null || name.isBlank() || name.length() > MAX_NAME) {
            return Formats.UTC;
        }
        try {
            ZoneId parsed = ZoneId.of(name);
            return parsed.normalized().equals(ZoneOffset.UTC) ? Formats.UTC : parsed;
        } catch (DateTimeException e) {
            return Formats.UTC;
        }
    }
}

// Tells the server the reader's time zone (the browser's own, e.g. Europe/Oslo), so pages show times as the reader's
// clock does. A cookie rather than a request parameter: it rides along with every request, page loads and Ajax alike.
// The application's own path, so no other application on the host sees it. The sign-in page sets it too, so the first page after signing in is already in the reader's zone.
(function () {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone) {
        document.cookie = 'mvr-zone=' + encodeURIComponent(zone) + '; path=/reporting; max-age=31536000; SameSite=Lax';
    }
})();

// Shows the page's "could not update" notice. A page updates itself by ajax (a report's next page, a new sort, a
// filter); when the server fails such a request (an error, an unreachable database, a page whose state the server
// no longer has after a restart), PrimeFaces would otherwise leave the page as it was, and the reader would be left
// clicking a table that no longer reacts. The frame's template calls this from PrimeFaces' ajax error hooks.
window.mvReports = window.mvReports || {};
window.mvReports.ajaxFailed = function () {
    var notice = document.getElementById('ajax-failure');
    if (notice) {
        notice.hidden = false;
        notice.querySelector('button').focus();
    }
};

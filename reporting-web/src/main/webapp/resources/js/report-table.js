// Report tables: the paginator's counts are grouped as every other number on the page is ("1–50 of 1,500,000").
// PrimeFaces writes them from its template with plain digits, when the page loads and after every page or sort.
(function () {
    var grouping = new Intl.NumberFormat('en');
    function group(text) {
        return text.replace(/\d{4,}/g, function (digits) { return grouping.format(Number(digits)); });
    }
    function groupAll() {
        document.querySelectorAll('.report-table .ui-paginator-current').forEach(function (report) {
            var grouped = group(report.textContent);
            if (grouped !== report.textContent) {
                report.textContent = grouped;
            }
        });
    }
    function wrapPaginator() {
        var paginator = window.PrimeFaces && PrimeFaces.widget && PrimeFaces.widget.Paginator;
        if (!paginator || paginator.prototype.mvReportsGrouped) {
            return;
        }
        var updateUI = paginator.prototype.updateUI;
        paginator.prototype.updateUI = function () {
            updateUI.apply(this, arguments);
            if (this.currentReport) {
                this.currentReport.text(group(this.currentReport.text()));
            }
        };
        paginator.prototype.mvReportsGrouped = true;
    }
    wrapPaginator();
    document.addEventListener('DOMContentLoaded', function () {
        wrapPaginator();
        groupAll();
    });
})();

// The catalog page: opening or closing a section rewrites the address in place (collapsed=<section>, once per closed
// section), so that a bookmark or a shared link opens the catalog as it was left; the search form carries them too.
(function () {
    function sync() {
        var url = new URL(window.location.href);
        url.searchParams.delete('collapsed');
        var form = document.getElementById('catalog-search');
        form.querySelectorAll('input[name=collapsed]').forEach(function (input) { input.remove(); });
        document.querySelectorAll('details.catalog-section').forEach(function (section) {
            if (!section.open) {
                var name = section.getAttribute('data-section');
                url.searchParams.append('collapsed', name);
                var hidden = document.createElement('input');
                hidden.type = 'hidden';
                hidden.name = 'collapsed';
                hidden.value = name;
                form.appendChild(hidden);
            }
        });
        window.history.replaceState(null, '', url.pathname + url.search);
    }
    document.addEventListener('DOMContentLoaded', function () {
        document.querySelectorAll('details.catalog-section').forEach(function (section) {
            section.addEventListener('toggle', sync);
        });
    });
})();

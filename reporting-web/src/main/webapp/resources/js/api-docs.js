/*
 * Shows the API's OpenAPI description in Swagger UI. The server's /openapi describes every application deployed on
 * it; only this one's operations are kept (their paths start with the API's own path), so a test application or
 * another product deployed beside it does not show up here.
 */
(function () {
    'use strict';
    var box = document.getElementById('swagger-ui');
    if (!box || typeof SwaggerUIBundle !== 'function') {
        return;
    }
    var apiPath = new URL(box.dataset.api, window.location.href).pathname; // e.g. /reporting/api/
    // The tags in the order people meet what they describe: reading first, administration, then auditing.
    var tagOrder = ['Reports', 'Refresh jobs', 'Schedules', 'Console', 'Alerts', 'History'];

    function byTagOrder(a, b) {
        var left = tagOrder.indexOf(a), right = tagOrder.indexOf(b);
        return (left < 0 ? tagOrder.length : left) - (right < 0 ? tagOrder.length : right) || a.localeCompare(b);
    }

    function onlyThisApplication(spec) {
        var servers = (spec.servers || []).filter(function (server) {
            return apiPath.indexOf(new URL(server.url, window.location.href).pathname.replace(/\/$/, '') + '/') === 0
                && new URL(server.url, window.location.href).origin === window.location.origin;
        });
        var base = servers.length ? new URL(servers[0].url, window.location.href).pathname.replace(/\/$/, '') : '';
        var paths = {};
        Object.keys(spec.paths || {}).forEach(function (path) {
            if ((base + path).indexOf(apiPath) === 0) {
                paths[path] = spec.paths[path];
            }
        });
        spec.paths = paths;
        delete spec.endpoints; // Payara's own list of every application's paths, not part of OpenAPI
        spec.servers = servers.length ? [servers[0]] : [{url: apiPath.replace(/api\/$/, '')}];
        return spec;
    }

    fetch(box.dataset.spec, {headers: {Accept: 'application/json'}, credentials: 'same-origin'})
        .then(function (response) {
            if (!response.ok) {
                throw new Error('HTTP ' + response.status);
            }
            return response.json();
        })
        .then(function (spec) {
            window.mvrApiDocs = SwaggerUIBundle({
                spec: onlyThisApplication(spec),
                dom_id: '#swagger-ui',
                deepLinking: true,
                docExpansion: 'list',
                tagsSorter: byTagOrder,
                defaultModelsExpandDepth: 0,
                requestInterceptor: function (request) {
                    request.credentials = 'same-origin'; // runs as the user signed in on this page
                    // A write with the session must show it comes from a page of the application (BrowserWriteGuard).
                    request.headers['X-MVReports-Request'] = 'api-docs';
                    return request;
                },
                onComplete: function () {
                    box.setAttribute('data-rendered', 'true');
                }
            });
        })
        .catch(function (failure) {
            box.textContent = 'The API description could not be loaded (' + failure.message + '). Reload the'
                + ' page; if it stays so, the server log says why.';
            box.className = 'notice';
        });
}());

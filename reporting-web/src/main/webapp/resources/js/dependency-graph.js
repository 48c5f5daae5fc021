/*
 * The dependency graph (admin/graph.xhtml): draws GET /api/graph with Cytoscape.js at the places the server computed
 * (Eclipse ELK's layered layout), then asks again every 2 seconds while a report refreshes and every 10 otherwise,
 * recolouring the reports; positions only change with the graph's shape, which redraws it. A click on a report shows
 * it and picks it for "refresh now" (the form's hidden field), a second click unpicks it; the search box finds a
 * report or table by name or title and centres it. The drawing is window.mvrGraph, for the browser tests.
 */
(function () {
    'use strict';
    var box = document.getElementById('dependency-graph');
    if (!box || typeof cytoscape !== 'function') {
        return;
    }
    var api = box.getAttribute('data-api');
    var picked = document.getElementById('graph-refresh:views');
    var details = document.getElementById('graph-details');
    var problem = document.getElementById('graph-problem');
    var search = document.getElementById('graph-search');
    var names = document.getElementById('graph-names');
    var cy = null;
    var shape = '';
    var next = null;

    var colours = {success: '#15803d', warning: '#b45309', danger: '#b91c1c', info: '#1d4ed8', secondary: '#64748b'};

    function shapeOf(graph) {
        return graph.nodes.map(function (n) { return n.id + '@' + n.x + ',' + n.y; }).join('|');
    }

    function elements(graph) {
        var nodes = graph.nodes.map(function (n) {
            return {
                group: 'nodes',
                data: {id: n.id, name: n.name, label: n.label, kind: n.kind, badge: n.badge, width: n.width,
                       height: n.height},
                position: n.x == null ? undefined : {x: n.x + n.width / 2, y: n.y + n.height / 2},
                classes: classesOf(n)
            };
        });
        var edges = graph.edges.map(function (e, i) {
            return {group: 'edges', data: {id: 'e' + i, source: e.source, target: e.target}};
        });
        return nodes.concat(edges);
    }

    function classesOf(n) {
        if (n.kind !== 'report') {
            return 'source';
        }
        return 'report ' + (n.refreshing ? 'info refreshing' : (n.severity || 'secondary'));
    }

    function draw(graph) {
        var keep = cy ? cy.$('node.picked').map(function (n) { return n.id(); }) : [];
        if (cy) {
            cy.destroy();
        }
        cy = cytoscape({
            container: box,
            elements: elements(graph),
            // The server's places (ELK); should it have none, Cytoscape's own layered layout.
            layout: graph.nodes.some(function (n) { return n.x == null; })
                ? {name: 'breadthfirst', directed: true, spacingFactor: 1.1} : {name: 'preset'},
            minZoom: 0.1,
            maxZoom: 3,
            style: [
                {selector: 'node', style: {
                    'shape': 'round-rectangle', 'width': 'data(width)', 'height': 'data(height)',
                    'label': 'data(label)', 'text-valign': 'center', 'text-halign': 'center', 'font-size': 12,
                    'background-color': '#f1f5f9', 'border-width': 1, 'border-color': '#94a3b8', 'color': '#1f2933'}},
                {selector: 'node.report', style: {'color': '#ffffff', 'font-weight': 600, 'border-width': 0}},
                {selector: 'node.success', style: {'background-color': colours.success}},
                {selector: 'node.warning', style: {'background-color': colours.warning}},
                {selector: 'node.danger', style: {'background-color': colours.danger}},
                {selector: 'node.info', style: {'background-color': colours.info}},
                {selector: 'node.secondary', style: {'background-color': colours.secondary}},
                {selector: 'node.picked', style: {'border-width': 4, 'border-color': '#0f172a'}},
                {selector: 'node:selected', style: {'overlay-color': '#2563eb', 'overlay-opacity': 0.25,
                                                    'overlay-padding': 6}},
                {selector: 'edge', style: {'width': 1.5, 'line-color': '#94a3b8', 'target-arrow-color': '#94a3b8',
                                           'target-arrow-shape': 'triangle', 'curve-style': 'bezier'}}
            ]
        });
        keep.forEach(function (id) { cy.getElementById(id).addClass('picked'); });
        cy.on('tap', 'node', function (event) { show(event.target, true); });
        cy.fit(undefined, 30);
        names.innerHTML = '';
        graph.nodes.forEach(function (n) {
            var option = document.createElement('option');
            option.value = n.name;
            option.label = n.label;
            names.appendChild(option);
        });
        window.mvrGraph = cy;
    }

    function recolour(graph) {
        graph.nodes.forEach(function (n) {
            var node = cy.getElementById(n.id);
            var wasPicked = node.hasClass('picked');
            node.classes(classesOf(n) + (wasPicked ? ' picked' : ''));
            node.data('badge', n.badge);
        });
    }

    /** Shows a node below the picture; a report is picked for refreshing, or unpicked, when clicked. */
    function show(node, toggle) {
        if (toggle && node.hasClass('report')) {
            node.toggleClass('picked');
        }
        var text;
        if (node.hasClass('report')) {
            text = node.data('label') + ' (' + node.data('name') + '): ' + (node.data('badge') || 'state unknown')
                + '. ' + (node.hasClass('picked') ? 'Picked for refreshing.' : 'Not picked.');
        } else {
            text = node.data('name') + ': a table or view the reports to its right read.';
        }
        var all = cy.$('node.picked').map(function (n) { return n.data('name'); });
        picked.value = all.join(',');
        details.textContent = text + (all.length ? ' Picked: ' + all.join(', ') + '.' : '');
    }

    function find() {
        var wanted = search.value.trim().toLowerCase();
        if (!cy || !wanted) {
            return;
        }
        var found = cy.nodes().filter(function (n) {
            return n.data('name').toLowerCase() === wanted || n.data('label').toLowerCase() === wanted;
        });
        if (found.empty()) {
            found = cy.nodes().filter(function (n) {
                return n.data('name').toLowerCase().indexOf(wanted) >= 0
                    || n.data('label').toLowerCase().indexOf(wanted) >= 0;
            });
        }
        if (found.empty()) {
            details.textContent = 'Nothing in the picture is called "' + search.value + '".';
            return;
        }
        cy.$(':selected').unselect();
        var node = found[0];
        node.select();
        cy.animate({center: {eles: node}, zoom: Math.max(cy.zoom(), 1)}, {duration: 300});
        show(node, false);
    }

    function load() {
        fetch(api, {credentials: 'same-origin', headers: {'Accept': 'application/json'}})
            .then(function (response) {
                if (!response.ok) {
                    throw new Error('the server answered ' + response.status);
                }
                return response.json();
            })
            .then(function (graph) {
                problem.hidden = true;
                var now = shapeOf(graph);
                if (!cy || now !== shape) {
                    draw(graph);
                    shape = now;
                } else {
                    recolour(graph);
                }
                later(graph.refreshing ? 2000 : 10000);
            })
            .catch(function (error) {
                problem.textContent = 'The graph cannot be read right now (' + error.message
                    + '); trying again in 10 seconds.';
                problem.hidden = false;
                later(10000);
            });
    }

    function later(millis) {
        clearTimeout(next);
        next = setTimeout(load, millis);
    }

    /** After "refresh now": look again at once, then every 2 seconds while it runs. */
    window.mvrGraphLookSoon = function () {
        later(300);
    };

    search.addEventListener('change', find);
    search.addEventListener('keydown', function (event) {
        if (event.key === 'Enter') {
            event.preventDefault();
            find();
        }
    });
    document.getElementById('graph-fit').addEventListener('click', function () {
        if (cy) {
            cy.fit(undefined, 30);
        }
    });
    load();
})();

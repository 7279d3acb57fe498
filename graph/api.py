"""``KnowledgeGraph``: the whole library behind one object, for notebooks and scripts.

Every method returns exactly the dict that the matching ``kg`` command
prints with ``--format json``, and takes the same argument names as that
command's options (``--max-hops`` is ``max_hops``; ``kg timeline --from/--to``
are ``start``/``end`` because ``from`` is a Python keyword). The CLI is a
client of this class: it builds one, makes one call and prints the answer.

>>> kg = KnowledgeGraph()
>>> kg.search("argonne", limit=1)["results"][0]["id"]
'anl'
>>> kg.show("ANL")["type"]
'kg:Lab'
>>> kg.centrality(types=["Lab"], top=3)["measure"], len(kg.centrality(types=["Lab"], top=3)["results"])
('betweenness', 3)
>>> kg.sparql("ASK { kgid:anl a kg:Lab }")["boolean"]
True
"""

from graph.project import Project

__all__ = ["KnowledgeGraph", "Map", "SparqlResult"]

class SparqlResult(dict):
    """A SPARQL JSON result (the dict ``kg sparql --format json`` prints) that also gives plain rows.

    >>> r = SparqlResult({"head": {"vars": ["n"]},
    ...                   "results": {"bindings": [{"n": {"type": "literal", "value": "3"}}]}})
    >>> r.rows
    [{'n': '3'}]
    """

    @property
    def rows(self):
        """One dict per solution, variable name to value (a string); unbound variables are None."""
        if "boolean" in self:
            return [{"boolean": self["boolean"]}]
        names = self.get("head", {}).get("vars", [])
        return [{v: (b[v]["value"] if v in b else None) for v in names}
                for b in self.get("results", {}).get("bindings", [])]

    def to_dataframe(self):
        """The rows as a pandas DataFrame (pandas is optional: ``pip install 'ai4s-kg[notebook]'``).

        Raises
        ------
        ImportError
            When pandas is not installed.
        """
        import pandas as pd

        return pd.DataFrame(self.rows, columns=self.get("head", {}).get("vars") or None)

class Map:
    """An offline HTML map: ``.html`` is the page, ``write(path)`` saves it, Jupyter shows it inline.

    In a notebook the page is shown in an ``<iframe srcdoc>``, so
    its scripts, styles and strict Content-Security-Policy stay its own and
    nothing is fetched from anywhere.
    """

    def __init__(self, data, html):
        self.data = data
        self.html = html

    def write(self, path):
        """Write the page to ``path`` atomically; returns ``path``."""
        from graph.render.atomic import write_text

        write_text(path, self.html)
        return path

    def _repr_html_(self):
        import html

        return (f'<iframe srcdoc="{html.escape(self.html, quote=True)}" '
                f'title="{html.escape(self.data["title"], quote=True)}" '
                'style="width:100%;height:640px;border:1px solid #ddd"></iframe>')

    def __repr__(self):
        return f"<Map {self.data['title']!r}: {len(self.data['nodes'])} nodes, {len(self.data['edges'])} edges>"

class KnowledgeGraph:
    """The project's knowledge graph: its data built, queried and analysed.

    Parameters
    ----------
    data : path, optional
        A data folder or one YAML file instead of the project's ``data/``.
    home : path, optional
        Another project folder (with ``ontology/``, ``data/``, ``seeds/``).

    The build is cached (``.kg-cache``) and made on first use.

    >>> kg = KnowledgeGraph()
    >>> kg.network().number_of_nodes() > 100
    True
    """

    def __init__(self, data=None, home=None, *, _workspace=None):
        if _workspace is not None:
            self._ws = _workspace
            return
        from graph.workspace import Workspace

        self._ws = Workspace(Project.default(data=data, home=home))

    @classmethod
    def from_endpoint(cls, url, timeout=None, data=None):
        """A knowledge graph read from the SPARQL query endpoint of a shared store (after ``kg publish``).

        Raises
        ------
        RemoteStoreError
            When the store cannot be reached or answers with an error.
        """
        from graph.serve.mirror import RemoteWorkspace

        return cls(_workspace=RemoteWorkspace(Project.default(data=data), url, timeout))

    @property
    def project(self):
        """The :class:`~graph.project.Project` (folders of ontology, data, seeds and cache)."""
        return self._ws.project

    @property
    def workspace(self):
        """The underlying workspace (build, store, name index, projection), for the library's own use."""
        return self._ws

    @property
    def store(self):
        """The pyoxigraph ``Store`` holding the built dataset (raw access): the build's on-disk store, opened
        read-only (``len(kg.store)`` counts its quads; it cannot be written to)."""
        return self._ws.store

    def network(self, as_of=None):
        """The NetworkX projection (entities as nodes, relations as edges with their facts).

        With ``as_of`` (``YYYY[-MM[-DD]]``) only what had happened and was in force on that date.
        The graph is shared: copy it before changing it.
        """
        from graph.network.pathfinder import check_date
        from graph.network.paths import filter_as_of

        date = check_date(as_of)
        return filter_as_of(self._ws.network, date) if date else self._ws.network

    def resolve(self, name):
        """The id of the entity called ``name`` (English or Korean name, alias or id).

        Raises
        ------
        UnknownNameError, AmbiguousNameError

        >>> KnowledgeGraph().resolve("아르곤")
        'anl'
        """
        return self._ws.resolve(name)

    # --- questions -------------------------------------------------------------------------------

    def path(self, source, target, k=5, max_hops=5, via=(), avoid=(), rank="specific", include_proposed=False,
             all_relations=False, as_of=None, lang="en"):
        """How ``source`` connects to ``target``: the ``kg path --format json`` answer.

        Paths follow relations of cooperation in force (``include_proposed`` lets
        proposals and plans in, ``all_relations`` designations and bans too) and are
        ranked by cost: a hop costs 1, a hub passed on the way more (``rank="hops"``
        counts hops only; see ``kg path --help``).

        Returns
        -------
        dict
            ``from``, ``to``, ``as_of`` and ``paths`` (each with ``hops``, ``cost``, ``reason``,
            ``nodes`` with their status and cited ``edges``).

        Raises
        ------
        UnknownNameError, UserInputError, NoPathError

        >>> p = KnowledgeGraph().path("Korea", "ANL", k=1)
        >>> p["to"]["id"], len(p["paths"])
        ('anl', 1)
        """
        from graph.network.pathfinder import find

        return find(self._ws, source, target, k=k, max_hops=max_hops, via=via, avoid=avoid, as_of=as_of,
                    include_proposed=include_proposed, all_relations=all_relations, rank=rank, lang=lang)

    def show(self, entity):
        """Labels, aliases, type and every relation of ``entity`` with its citations (``kg show --format json``).

        >>> KnowledgeGraph().show("아르곤")["id"]
        'anl'
        """
        from graph.reports.show import describe

        return describe(self._ws, self._ws.resolve(entity))

    def search(self, text, limit=10, types=(), lang="en"):
        """Entities whose English or Korean name or alias matches ``text``, best first (``kg search``).

        ``types`` keeps only entities of these classes (subclasses included) before
        ``limit`` is applied.

        >>> r = KnowledgeGraph().search("korea", types=["Lab"], limit=5)["results"]
        >>> len(r) > 0 and all(x["type"] != "kg:Country" for x in r)
        True
        """
        from graph.reports.lookup import search

        return search(self._ws, text, limit=limit, types=types, lang=lang)

    def centrality(self, measure="betweenness", types=(), top=20, network="cooperation", as_of=None, lang="en"):
        """Entities ranked by a centrality measure (``kg centrality --format json``).

        ``measure`` is one of degree, betweenness, closeness, pagerank,
        eigenvector; ``network="cooperation"`` (the default) ranks actors and
        programs on the relations of cooperation in force, ``"whole"`` every
        node on every relation; with ``as_of`` the scores are computed afresh
        on that date's network.
        """
        from graph.reports.ranking import centrality

        return centrality(self._ws, measure=measure, types=types, top=top, as_of=as_of, network=network, lang=lang)

    def compare(self, first, second, to, max_hops=4, as_of=None, lang="en"):
        """How ``first`` and ``second`` are tied to ``to``, side by side (``kg compare --format json``)."""
        from graph.reports.compare import compare

        return compare(self._ws, first, second, to, as_of=as_of, max_hops=max_hops, lang=lang)

    def timeline(self, actor=None, start=None, end=None, lang="en"):
        """Dated events in order, each cited (``kg timeline --format json``; ``start``/``end`` are ``--from``/``--to``)."""
        from graph.reports.timeline import timeline

        return timeline(self._ws, actor=actor, start=start, end=end, lang=lang)

    def connectivity(self, first, second, as_of=None, lang="en"):
        """Independent paths and minimum cuts between two entities (``kg connectivity --format json``)."""
        from graph.network.connect import connectivity_answer

        return connectivity_answer(self._ws, first, second, as_of=as_of, lang=lang)

    def sparql(self, query, timeout=30.0):
        """Run a read-only SPARQL query (the same safety check and time limit as ``kg sparql``).

        Returns
        -------
        SparqlResult
            The SPARQL JSON result for SELECT and ASK (``.rows``, ``.to_dataframe()``);
            for CONSTRUCT and DESCRIBE the JSON-LD document as a dict.

        Raises
        ------
        QuerySyntaxError, QueryRefused, QueryTimeout

        >>> KnowledgeGraph().sparql("SELECT (COUNT(*) AS ?n) WHERE { ?l a kg:Lab }").rows[0]["n"] > "0"
        True
        """
        from graph.store.results import result_json
        from graph.store.sparql import run_query

        return SparqlResult(result_json(run_query(self._ws.store, query, timeout=timeout)))

    def named_query(self, name, timeout=30.0, **params):
        """Run a query of the named library (``kg sparql --name NAME --param k=v``).

        >>> rows = KnowledgeGraph().named_query("national-laboratories").rows
        >>> len(rows)
        17
        """
        from graph.store.named import NamedQuery

        return self.sparql(NamedQuery.load(name).fill(params, self._ws.resolve), timeout=timeout)

    def validate(self, shacl=True):
        """Check the data; returns ``{"valid": bool, "problems": [str, ...]}`` (``kg validate``)."""
        from graph.source.validate import validate

        problems = validate(self.project, shacl=shacl)
        return {"valid": not problems, "problems": [str(p) for p in problems]}

    def export(self, output, format=None):  # noqa: A002 - the option is --format
        """Write the graph to ``output`` as RDF, GraphML, GEXF or CSV (``kg export``); returns the confirmation line."""
        from graph.render.export import export

        return export(self._ws, format, output)

    def map(self, ego=None, radius=1, path=None, program=None, types=(), all=False, as_of=None,  # noqa: A002
            lang="en"):
        """An offline interactive map (``kg viz``): ``ego=``, ``path=(from, to)``, ``program=``, ``types=`` or ``all=True``.

        Returns a :class:`Map`; in Jupyter it draws itself inline, ``.write("x.html")`` saves it.

        >>> m = KnowledgeGraph().map(ego="ANL")
        >>> "anl" in {n["id"] for n in m.data["nodes"]}
        True
        """
        from graph.render.mapview import map_data
        from graph.render.viz import render_html

        data = map_data(self._ws, ego=ego, radius=radius, path=path, program=program, types=types, all=all,
                        as_of=as_of, lang=lang)
        return Map(data, render_html(data))

    def __repr__(self):
        return f"<KnowledgeGraph {self.project.data}>"

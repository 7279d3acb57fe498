"""Open the built dataset in Oxigraph for SPARQL.

``kg build`` writes the dataset into an on-disk Oxigraph store, the
``store/`` folder of the build (:func:`create_store`), sealed with the
rest of the folder. A command opens it read-only (:func:`open_store`)
after each of its files matched the manifest, in a few milliseconds where
loading the N-Triples into memory takes about 50. ``kg serve``, which lives
on and answers query after query, loads the checked N-Triples into memory
instead (``resident=True``): it pays the load once, and queries that scan
many statements run 3 to 7 times faster there than through the on-disk
store (measured on the named queries).

The store holds two named graphs, as a shared triple store does after
``kg publish``: :data:`~graph.namespaces.ONTOLOGY_GRAPH` (the ontology files)
and :data:`~graph.namespaces.DATA_GRAPH` (documents, entities, statements).
Queries see their union as the default graph, so a query needs no ``GRAPH``
or ``FROM`` to see everything, and ``FROM``/``GRAPH`` with either name narrows
it down.

>>> from graph.workspace import Workspace
>>> ws = Workspace()
>>> [row["n"].value for row in select(ws.store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH kg:none { ?s ?p ?o } }")]
['0']
"""

from graph.vocab.namespaces import DATA_GRAPH, ONTOLOGY_GRAPH, PREFIXES

__all__ = ["GRAPHS", "STORE", "create_store", "open_store", "opened_files", "query", "select", "write_store"]

GRAPHS = {"ontology": ONTOLOGY_GRAPH, "data": DATA_GRAPH}
STORE = "store"  # the on-disk store's folder in a build folder
_OPENED = set()  # (device, inode) of every file of the on-disk stores this process opened


def opened_files():
    """(device, inode) of each file of the on-disk stores this process opened: a query process keeps the
    descriptors of these files open, whatever their path has become since (a rebuild moves folders aside)."""
    return frozenset(_OPENED)


def _loaded(store, build):
    """``store`` with ``build``'s two named graphs bulk-loaded into it from their (checked) N-Triples files."""
    import pyoxigraph as ox

    for name, iri in GRAPHS.items():
        store.bulk_load(path=str(build.graph_file(name)), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(iri))
    return store


def create_store(build):
    """Write ``build``'s two named graphs into a new on-disk store, ``<build folder>/store``, and close it
    (nothing in the folder changes after this; it is sealed next and only ever opened read-only)."""
    import pyoxigraph as ox

    store = _loaded(ox.Store(str(build.folder / STORE)), build)
    store.flush()
    del store  # the last reference: closes the database


def write_store(folder, parts):
    """Write a new on-disk store at ``folder`` from ``parts`` as they come, and close it. A part is a list of
    ``(graph name, N-Triples lines)`` pairs (each name one of :data:`GRAPHS`, the lines UTF-8 bytes without
    their line ends), bulk-loaded at once (as TriG, made just before).

    Oxigraph's bulk loader holds the quads of each call in memory while it
    sorts them (about 0.9 KB a quad: a million at once took 0.87 GB), then
    adds them to the store as new files. From the third call on, RocksDB may
    start merging the files in the background when it is given time before
    the store is closed (measured: the parts of the project's data handed
    over with pauses between them); the merged files are not compressed, so
    the store is then larger (1.8 times), and which files it has differs
    from one build to the next (their contents do not). Four calls in a row
    on a million triples rewrote a third more and took 20 % longer than
    three. So a store is best written in two or three parts, given one
    right after the other.

    >>> import tempfile, pyoxigraph as ox
    >>> folder = tempfile.mkdtemp()
    >>> write_store(folder, [[("ontology", [b"<http://x/a> <http://x/b> <http://x/c> ."]),
    ...                       ("data", [b"<http://x/a> <http://x/b> <http://x/d> ."])], [("data", [])]])
    >>> sorted(q.graph_name.value.rsplit("/", 1)[-1] for q in ox.Store.read_only(folder))
    ['data', 'ontology']
    """
    import pyoxigraph as ox

    from itertools import chain

    store = ox.Store(str(folder))
    for part in parts:
        pieces = []
        for name, lines in part:
            pieces += [(b"<%s> {" % GRAPHS[name].encode(),), lines, (b"}",)]
        trig = b"\n".join(chain.from_iterable(pieces))  # joined in C: the thread holds the GIL briefly
        del part, pieces, lines  # the lines, once in the TriG: let go (unless the caller holds them)
        store.bulk_load(input=trig, format=ox.RdfFormat.TRIG)
        del trig
    store.flush()
    del store  # the last reference: closes the database


def open_store(build, resident=False):
    """``build``'s on-disk store, opened read-only once every file of it matched the manifest; with
    ``resident`` an in-memory store loaded from its checked N-Triples files.

    A damaged file rebuilds the build folder first (:meth:`graph.dataset.build.Build.file`).
    """
    import os

    import pyoxigraph as ox

    if resident:
        return _loaded(ox.Store(), build)

    try:
        folder = build.folder_checked(STORE)
        store = ox.Store.read_only(str(folder))
    except OSError as exc:  # intact files Oxigraph still cannot open (another version's format, say)
        from graph.dataset.seal import CacheDamaged

        if build.remake is None:
            raise CacheDamaged(f"{STORE}/ cannot be opened: {exc}") from None
        build.rebuild(f"{STORE}/ cannot be opened: {exc}")
        folder = build.folder_checked(STORE)
        store = ox.Store.read_only(str(folder))
    for entry in os.scandir(folder):
        st = entry.stat()
        _OPENED.add((st.st_dev, st.st_ino))
    return store


def query(store, text, **options):
    """``store.query`` with the project's prefixes bound and the union of the graphs as default graph.

    ``options`` go to pyoxigraph (``default_graph``, ``named_graphs``, ...); a
    given ``default_graph`` replaces the union.
    """
    options.setdefault("use_default_graph_as_union", "default_graph" not in options)
    return store.query(text, prefixes=PREFIXES, **options)


def select(store, text):
    """Rows of a SELECT as dicts of pyoxigraph terms (None where unbound), prefixes pre-bound."""
    result = query(store, text)
    names = [v.value for v in result.variables]
    for row in result:
        yield {n: row[n] for n in names}

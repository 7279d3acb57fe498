"""A remote store's copy of the graph, mirrored into a local build folder.

``kg path``, ``show``, ``search`` and ``centrality`` with ``--endpoint URL``
read the graph from a shared store (after ``kg publish``). Rather than a
second implementation of each command over HTTP, :func:`fetch` copies the
project's two named graphs out of the store and writes them as a build
folder like the local one (``ontology.nt``, ``data.nt``, sorted
``dataset.nt``, ``manifest.json``), under the project's cache as
``remote-<hash>/``; :class:`RemoteWorkspace` then hands that folder to the
very loaders a local :class:`~graph.workspace.Workspace` uses (store, name
index, projection, centrality, each derived as JSON beside the data before
the folder is sealed, see :mod:`graph.dataset.seal`), so the answers are
those the same triples give locally.

The hash covers the fetched triples (in a canonical N-Triples form, blank
nodes canonicalised when there are any) and the whole ``graph`` package,
so an unchanged store reuses its folder and a changed one gets a new
folder; a reused folder is checked against its manifest first and fetched
again when damaged. Only the few most recently used remote folders are
kept.

Each graph is fetched with ``CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <g> { ?s
?p ?o } }`` through the query endpoint, and its size checked against a
``COUNT`` first, so a store that silently caps the size of its answers (as
Virtuoso's ``ResultSetMaxRows`` does) is reported instead of giving a
truncated graph. The remote queries name their graphs, so they work whether
or not the store's default graph is the union of its named graphs.
"""

import hashlib
import json
import sys
import time
from functools import cached_property
from pathlib import Path

from graph.errors import RemoteStoreError, WriteError
from graph.vocab.namespaces import BASE
from graph.store.local import GRAPHS
from graph.workspace import Workspace

__all__ = ["RemoteWorkspace", "fetch", "graph_counts"]



def graph_counts(store):
    """{graph name: triple count} of the project's named graphs in the remote ``store``."""
    from graph.serve.remote import remote_query

    values = " ".join(f"<{iri}>" for iri in GRAPHS.values())
    answer = remote_query(store, f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} "
                                 "GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    counts = {name: 0 for name in GRAPHS}
    by_iri = {iri: name for name, iri in GRAPHS.items()}
    for row in json.loads(answer["json"])["results"]["bindings"]:
        try:
            counts[by_iri[row["g"]["value"]]] = int(row["n"]["value"])
        except (KeyError, ValueError):
            raise RemoteStoreError(f"{store.shown}: the store's count of the graphs makes no sense: {row}") from None
    return counts


def _canonical_lines(ntriples):
    """Sorted N-Triples lines of an answer; blank nodes renamed canonically when there are any."""
    import pyoxigraph as ox

    triples = [q.triple for q in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)]
    if any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) for t in triples):
        dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
        dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
        triples = [q.triple for q in dataset]
    return sorted(f"{t} ." for t in triples)


def _fetch_graph(store, iri, count):
    """The sorted lines of graph ``iri`` (``count`` triples), in pages when the store caps its answers.

    A store that stops an answer at a row cap (``kg serve`` at ``--max-rows``,
    Virtuoso at ``ResultSetMaxRows``) is read again in pages of that size,
    ordered so that the pages do not overlap; the total must then match the
    count, or the store is named in the error.
    """
    from graph.serve.remote import remote_query

    whole = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}"
    lines = _canonical_lines(remote_query(store, whole)["ntriples"])
    if 0 < len(lines) < count and not any("_:" in line for line in lines):
        page, got = len(lines), set()
        for offset in range(0, count, page):
            paged = (f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {{ SELECT ?s ?p ?o WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }} "
                     f"ORDER BY ?s ?p ?o LIMIT {page} OFFSET {offset} }} }}")
            got.update(_canonical_lines(remote_query(store, paged)["ntriples"]))
        lines = sorted(got)
    if len(lines) != count:
        raise RemoteStoreError(
            f"{store.shown} returned {len(lines):,} of the {count:,} triples of <{iri}>, even in pages; it may cap "
            "the size of its answers in a way that paging cannot get round, or the graph changed while it was read")
    return lines


def fetch(store, project, damaged=None):
    """Copy the project's graphs out of the remote ``store`` into a build folder; return its Build.

    ``damaged``: why the mirrored copy was found damaged while it was read; it is then written again.

    Raises RemoteStoreError (exit 7) when the store holds none or only part
    of them (``kg publish`` puts them there) or returns fewer triples than it
    counts.
    """
    import shutil
    import tempfile

    from graph.dataset.build import (REQUIRED, Build, _derive_from_files, _publish, package_files, prune, touch,
                                     write_lines)
    from graph.dataset.seal import CacheDamaged, seal, verify

    counts = graph_counts(store)
    missing = [f"<{GRAPHS[name]}>" for name, n in counts.items() if n == 0]
    if len(missing) == len(GRAPHS):
        raise RemoteStoreError(f"{store.shown} holds none of the project's graphs ({', '.join(missing)}); "
                               "run kg publish to load them into the store first")
    if missing:
        raise RemoteStoreError(f"{store.shown} holds only part of the project's graphs: {', '.join(missing)} "
                               "is empty or missing; run kg publish again")
    lines = {name: _fetch_graph(store, iri, counts[name]) for name, iri in GRAPHS.items()}
    digest = hashlib.sha256()
    for code in package_files():  # what the folder's derived files come from
        digest.update(code.read_bytes())
    for name in GRAPHS:
        digest.update(f"\n# {name}\n".encode())
        digest.update("\n".join(lines[name]).encode("utf-8"))
    key = "remote-" + digest.hexdigest()[:16]
    folder = project.cache / key
    remake = lambda reason: fetch(store, project, damaged=reason)  # noqa: E731
    if damaged:
        print(f"kg: note: the mirrored copy {key} is damaged ({damaged}); writing it again", file=sys.stderr)
    elif folder.exists():
        try:
            manifest = verify(folder, REQUIRED)
        except CacheDamaged as exc:
            print(f"kg: note: the mirrored copy {key} is damaged ({exc}); writing it again", file=sys.stderr)
        else:
            touch(folder)
            return Build(key, folder, fresh=False, sealed=manifest, remake=remake)
    try:
        project.cache.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(dir=project.cache, prefix=f".build-{key}-"))
    except OSError as exc:
        raise WriteError(f"cannot write {folder}: {exc.strerror or exc}") from None
    try:
        for name in GRAPHS:
            write_lines(work / f"{name}.nt", lines[name])
        everything = sorted(line for part in lines.values() for line in part)
        write_lines(work / "dataset.nt", everything)
        _derive_from_files(Build(key, work, fresh=True))
        manifest = {"key": key, "triples": len(everything), "graphs": {n: len(v) for n, v in lines.items()},
                    "endpoint": store.shown, "base": BASE, "fetched": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
        sealed = seal(work, manifest)  # last: marks it complete
        _publish(work, folder)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    prune(project.cache, keep=folder, remote=True)
    return Build(key, folder, fresh=True, sealed=sealed, remake=remake)


class RemoteWorkspace(Workspace):
    """A workspace whose build is mirrored from the SPARQL store at ``url`` (its query endpoint).

    The graph is fetched when first needed; the URL is checked at once.
    """

    def __init__(self, project, url, timeout=None, resident=False):
        from graph.serve.remote import DEFAULT_TIMEOUT, Store

        super().__init__(project, resident)
        self.remote = Store(url, timeout or DEFAULT_TIMEOUT)

    @cached_property
    def build(self):
        return fetch(self.remote, self.project)

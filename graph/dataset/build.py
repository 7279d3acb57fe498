"""Build the dataset: check the records, compile them, cache the result.

The cache key is a SHA-256 of the ontology, the data, the catalogue and the
source of the code whose output is cached (the compiler, and the projection,
name index and centrality pickled beside the dataset), so any change to them
rebuilds on the next command.
The cache holds ``dataset.nt`` (every triple, N-Triples, sorted), the same
split into its two named graphs, ``ontology.nt`` (the triples of the ontology
files) and ``data.nt`` (the rest), what the commands derive from it, pickled
(the NetworkX projection, the name index, the five centralities), and last
``manifest.json`` (hash, counts), whose presence marks a finished build.
"""

import json
import os
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from graph.errors import KGError, MalformedInputError, ValidationFailed

__all__ = ["DERIVING", "Build", "build", "code_files", "content_hash", "current_key", "ensure_built", "load_sources",
           "write_lines"]

# the code whose output is cached: the dataset, and the pickles derived from it
_COMPILING = ("vocab/schema.py", "source/checks.py", "dataset/compiler.py", "source/records.py", "dataset/build.py",
              "dataset/stats.py", "source/documents.py", "source/yamlfile.py", "vocab/namespaces.py")
DERIVING = ("store/local.py", "vocab/readings.py", "network/projection.py", "store/resolve.py", "network/centrality.py",
            "network/scope.py", "network/channels.py", "network/paths.py", "vocab/status.py")


def code_files(names):
    """The package's source files called ``names``: what a cache key must cover besides the data."""
    here = Path(__file__).parents[1]
    return [here / name for name in names]


@dataclass
class Build:
    """A compiled dataset in the cache."""

    key: str
    folder: Path
    fresh: bool

    @property
    def dataset(self):
        return self.folder / "dataset.nt"

    def graph_file(self, name):
        """The N-Triples file of one named graph: ``"ontology"`` or ``"data"``."""
        return self.folder / f"{name}.nt"

    @property
    def manifest(self):
        return json.loads((self.folder / "manifest.json").read_text(encoding="utf-8"))


def _inputs(project):
    return [*project.ontology_files, project.catalogue_file, *project.data_files(),
            *code_files(_COMPILING + DERIVING)]


def _stamp(paths):
    """Path, size and modification time of each input: the memo's key (None if one is missing)."""
    try:
        return [[str(p), st.st_size, st.st_mtime_ns] for p in paths for st in [os.stat(p)]]
    except OSError:
        return None


def current_key(project):
    """The content hash of the inputs, taken from a memo while no input's size or time changed.

    Like git's index, the memo (``.kg-cache/inputs.json``) maps the inputs'
    sizes and modification times to their content hash, so an unchanged
    project is not read and hashed on every command; any change of size or
    time hashes the contents again. Inputs changed in the last two seconds
    are never memoised (a second change within the clock's granularity would
    keep the size and the time).
    """
    memo = project.cache / "inputs.json"
    stamp = _stamp(_inputs(project))
    try:
        saved = json.loads(memo.read_text(encoding="utf-8"))
        if stamp is not None and saved["stamp"] == stamp:
            return saved["key"]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    key = content_hash(project)
    # a file changed within the clock's granularity could change again unseen: memo only settled inputs
    settled = stamp is not None and max(t for _, _, t in stamp) < time.time_ns() - 2_000_000_000
    if settled:
        try:
            from graph.render.atomic import write_text

            project.cache.mkdir(parents=True, exist_ok=True)
            write_text(memo, json.dumps({"stamp": stamp, "key": key}))
        except (OSError, KGError):  # a read-only cache only loses the memo
            pass
    return key


def content_hash(project):
    """SHA-256 over every input of the build, in a fixed order."""
    import hashlib

    h = hashlib.sha256()
    for path in _inputs(project):
        h.update(str(path.name).encode())
        try:
            h.update(path.read_bytes())
        except OSError as exc:
            raise MalformedInputError(f"{path}: cannot read: {exc.strerror}") from None
    return h.hexdigest()[:16]


def load_sources(project):
    """Read catalogue, records and ontology; return (catalogue, records, ontology, problems).

    Malformed files raise MalformedInputError listing every one of them.
    """
    from rdflib import Graph

    from graph.source.checks import check_records
    from graph.source.documents import Catalogue
    from graph.source.records import load_records

    malformed = []
    try:
        catalogue = Catalogue.load(project.catalogue_file)
    except MalformedInputError as exc:
        malformed.append(str(exc))
        catalogue = None
    files = project.data_files()
    if not files:
        malformed.append(f"{project.data}: no YAML data files found")
    records, bad = load_records(files)
    malformed += bad
    ontology = Graph()
    for path in project.ontology_files:
        try:
            ontology.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises many kinds; all mean "cannot parse"
            malformed.append(f"{path}: malformed Turtle: {str(exc).splitlines()[0][:300]}")
    if malformed:
        raise MalformedInputError("\n".join(malformed))
    return catalogue, records, ontology, check_records(records, catalogue)


def build(project, force=False, progress=None):
    """Compile the project into its cache unless an up-to-date build exists."""
    key = content_hash(project) if force else current_key(project)
    folder = project.cache / key
    if not force and (folder / "manifest.json").exists():
        return Build(key, folder, fresh=False)
    import shutil

    from graph.render.atomic import write_text
    from graph.dataset.compiler import compile_triples

    started = time.perf_counter()
    with _gc_paused(), ThreadPoolExecutor(max_workers=2) as pool:
        catalogue, records, ontology, problems = load_sources(project)
        if problems:
            raise ValidationFailed(problems)
        triples = compile_triples(records, catalogue, ontology)  # no rdflib Graph: its indexes cost more than the rest
        folder.mkdir(parents=True, exist_ok=True)
        lines = sorted(_nt_lines(triples))  # sorted: the same inputs give the same file
        stated = set(_nt_lines(ontology))
        write_lines(folder / "ontology.nt", [x for x in lines if x in stated])  # the two named graphs,
        write_lines(folder / "data.nt", [x for x in lines if x not in stated])  # see graph.store
        compiled = time.perf_counter()
        for stale in folder.glob("*.pickle"):  # a forced rebuild derives everything afresh
            stale.unlink()
        # Oxigraph lets go of the GIL while it loads the two graphs: write the whole and count meanwhile
        dataset = pool.submit(write_lines, folder / "dataset.nt", lines)
        counted = pool.submit(_counts, triples)
        _derive(Build(key, folder, fresh=True))
        dataset.result()
        counts = counted.result()
    manifest = {"key": key, "triples": len(triples), "records": len(records),
                "seconds": round(compiled - started, 3),
                "derive_seconds": round(time.perf_counter() - compiled, 3), **counts}
    write_text(folder / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
    for old in project.cache.iterdir():
        if old.is_dir() and old.name != key and not old.name.startswith("remote-"):
            shutil.rmtree(old, ignore_errors=True)
    return Build(key, folder, fresh=True)


@contextmanager
def _gc_paused():
    """Python's cyclic garbage collector off for the block (and back on after, if it was on).

    A build makes millions of objects (YAML nodes, records, terms, triples)
    and keeps them, which sets the collector off again and again to scan
    them all for cycles that are not there: half the time of reading and
    compiling. Everything is freed by reference counting as before.
    """
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def write_lines(path, lines):
    """Write N-Triples lines, each ending with a newline."""
    from graph.render.atomic import write_text

    write_text(path, "\n".join([*lines, ""]))  # joined with an empty last line rather than copied to append one


def _derive(b):
    """Projection, name index and centralities, pickled beside the dataset before the build counts as done."""
    from graph.network.centrality import load_centrality
    from graph.network.projection import load_projection
    from graph.store.resolve import load_index
    from graph.store.local import open_store

    store = open_store(b)
    network = load_projection(b, lambda _: store)
    load_index(b, lambda _: store)
    load_centrality(b, network)
    load_centrality(b, network, "cooperation")


def ensure_built(project):
    """The current build, compiling first when ontology or data changed."""
    return build(project)


class _Written(str):
    """An IRI already in its N-Triples form: asked for ``n3()``, as ``_nt_row`` does, it gives itself."""

    __slots__ = ()

    def n3(self):
        return self


def _nt_lines(triples):
    r"""The non-blank N-Triples lines of ``triples``, as ``Graph.serialize(format="nt").splitlines()`` gives them.

    rdflib's own N-Triples writer writes every line: ``_nt_row``, the
    function its serializer calls per triple. Only the IRIs it is handed are
    written beforehand, once each (``URIRef.n3()``), as the same IRIs recur
    on many lines; literals and blank nodes go to it as they are.

    >>> from rdflib import BNode, Graph, Literal, URIRef
    >>> g = Graph()
    >>> s, p = URIRef("http://x/s"), URIRef("http://x/p")
    >>> for o in (Literal('a "q" \\ b\nc\r'), Literal("한국", lang="ko"), Literal("x", lang="EN"),
    ...           Literal("x", lang="en"), Literal(1), Literal("2025-11", datatype=URIRef("http://x/d")),
    ...           Literal("\u2028\x85"), BNode("b1"), s):
    ...     _ = g.add((s, p, o))
    >>> _nt_lines(g) == [x for x in g.serialize(format="nt").splitlines() if x.strip()]
    True
    """
    from rdflib import URIRef
    from rdflib.plugins.serializers.nt import _nt_row

    written = {}

    def term(t):
        if type(t) is not URIRef:
            return t
        w = written.get(t)
        if w is None:
            w = written[t] = _Written(t.n3())
        return w

    text = "".join([_nt_row((term(s), term(p), term(o))) for s, p, o in triples])
    return [line for line in text.splitlines() if line.strip()]


def _counts(triples):
    from graph.dataset.stats import fact_counts

    return fact_counts(triples)

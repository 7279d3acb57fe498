"""Build the dataset: check the records, compile them, cache the result.

The cache key is a SHA-256 of the ontology, the data, the catalogue and the
source of the whole ``graph`` package (every ``.py`` file under it: no
hand-kept list of the modules whose output is cached), so any change to them
rebuilds on the next command.

A build folder ``.kg-cache/<key>/`` holds ``dataset.nt`` (every triple,
N-Triples, sorted), the same split into its two named graphs,
``ontology.nt`` (the triples of the ontology files) and ``data.nt`` (the
rest), what the commands derive from it as JSON (``projection.json``,
``names.json``, ``centrality.json``), the dataset as an on-disk Oxigraph store
(``store/``, :mod:`graph.store.local`), and last ``manifest.json``: counts, and
the size and SHA-256 of every file (:mod:`graph.dataset.seal`). A folder is
built under a temporary name and renamed into place when sealed.

Before a build folder is used its every file is checked against the
manifest's sizes, and each file's content against its SHA-256 when a
command reads it (:mod:`graph.dataset.seal`); a missing, truncated, emptied
or edited file (or a manifest that does not parse) rebuilds the folder with
a one-line note on stderr. The few
most recently used build folders are kept, so builds of different data into
one cache do not delete each other.

>>> len(package_files()) > 40 and all(p.suffix == ".py" for p in package_files())
True
"""

import json
import os
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from graph.dataset.seal import MANIFEST, CacheDamaged, check_file, file_records, read_verified, seal, unseal, verify
from graph.errors import KGError, MalformedInputError, ValidationFailed, WriteError

__all__ = ["Build", "build", "content_hash", "current_key", "ensure_built", "gc_paused", "load_sources",
           "package_files", "prune", "touch", "write_lines"]

KEEP = 4  # local build folders kept in the cache, most recently used first
REQUIRED = ("dataset.nt", "ontology.nt", "data.nt", "store/CURRENT")


def package_files():
    """Every ``.py`` file of the ``graph`` package, sorted: the code a cache key must cover besides the data."""
    here = Path(__file__).resolve().parents[1]
    return sorted(here.rglob("*.py"))


@dataclass
class Build:
    """A compiled dataset in the cache; ``sealed`` is its verified manifest (None while it is being built).

    ``remake(reason)`` builds the folder again when a file is found damaged
    as it is read (None: the damage is raised as CacheDamaged).
    """

    key: str
    folder: Path
    fresh: bool
    sealed: dict = None
    remake: object = field(default=None, repr=False, compare=False)
    _checked: set = field(default_factory=set, repr=False, compare=False)

    @property
    def dataset(self):
        """``dataset.nt``, its content checked."""
        return self.file("dataset.nt")

    def graph_file(self, name):
        """The N-Triples file of one named graph (``"ontology"`` or ``"data"``), its content checked."""
        return self.file(f"{name}.nt")

    def file(self, name):
        """The path of cached file ``name`` once its content matched the manifest (hashed once per Build).

        A damaged file rebuilds the folder (``remake``) and this Build then
        stands for the new one.
        """
        if self.sealed is not None and name not in self._checked:
            try:
                check_file(self.folder, self.sealed, name)
            except CacheDamaged as exc:
                if self.remake is None:
                    raise
                self.rebuild(str(exc))
                check_file(self.folder, self.sealed, name)  # just written: damaged again is raised
            self._checked.add(name)
        return self.folder / name

    def folder_checked(self, name):
        """The path of cached subfolder ``name`` once every file of it matched the manifest (as :meth:`file`)
        and it holds no file the manifest does not list: a store reads whatever it finds there (an added
        write-ahead log is replayed into its answers)."""
        if self.sealed is not None:
            try:
                self._check_folder(name)
            except CacheDamaged as exc:
                if self.remake is None:
                    raise
                self.rebuild(str(exc))  # the new folder's files may be others (a store's are named as written)
                self._check_folder(name)  # just written: damaged again is raised
        return self.folder / name

    def _check_folder(self, name):
        """Check every file under ``name/`` against the manifest (CacheDamaged at the first that does not match)."""
        for rel in self._listed_alone(name):
            if rel not in self._checked:
                check_file(self.folder, self.sealed, rel)
                self._checked.add(rel)

    def _listed_alone(self, name):
        """The manifest's files under ``name/``; CacheDamaged when there are none or another file is there."""
        inside = [rel for rel in self.sealed["files"] if rel.startswith(name + "/")]
        if not inside:
            raise CacheDamaged(f"{name}/ is not in the manifest")
        extra = sorted(set(_listing(self.folder, name)) - set(inside))
        if extra:
            raise CacheDamaged(f"{extra[0]} is not in the manifest")
        return inside

    def rebuild(self, reason):
        """Build the folder again, found damaged for ``reason``; this Build then stands for the new one."""
        unseal(self.folder)
        again = self.remake(reason)
        self.key, self.folder, self.fresh, self.sealed = again.key, again.folder, True, again.sealed
        self._checked = set()

    @property
    def manifest(self):
        if self.sealed is not None:
            return self.sealed
        return json.loads((self.folder / MANIFEST).read_text(encoding="utf-8"))

    def read_json(self, name):
        """The JSON value cached as ``name``, checked against the manifest; None when not cached (or changed)."""
        if self.sealed is None:
            return None
        try:
            data = read_verified(self.folder, self.sealed, name)
        except CacheDamaged as exc:
            print(f"kg: note: {self.folder.name}/{exc}; computing it afresh", file=sys.stderr)
            return None
        if data is None:
            return None
        with gc_paused():  # decoding makes many containers, none of them cyclic garbage: see gc_paused
            return json.loads(data)

    def write_json(self, name, value):
        """Cache ``value`` as ``name`` while the folder is being built (a sealed folder is never changed)."""
        if self.sealed is None:
            from graph.render.atomic import write_text

            write_text(self.folder / name, json.dumps(value, ensure_ascii=False, separators=(",", ":")))


def _listing(folder, name):
    """Every file under ``folder/name`` as a manifest names it (``name/…``, subfolders included)."""
    root = folder / name
    return [f"{name}/{p.relative_to(root).as_posix()}" for p in root.rglob("*") if not p.is_dir()]


def _inputs(project):
    return [*project.ontology_files, project.catalogue_file, *project.data_files(), *package_files()]


def _stamp(paths):
    """Path, size, modification time, change time and inode of each input: the memo's key (None if one is missing).

    The change time cannot be set back by ``cp -p``, ``rsync -t`` or tar, and a
    file replaced by rename has a new inode, so an edit that keeps size and
    modification time is still seen.
    """
    try:
        return [[str(p), st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino] for p in paths for st in [os.stat(p)]]
    except OSError:
        return None


def current_key(project):
    """The content hash of the inputs, taken from a memo while no input's stat changed.

    Like git's index, the memo (``.kg-cache/inputs.json``) maps the inputs'
    sizes, times and inodes to their content hash, so an unchanged project
    is not read and hashed on every command; any change hashes the contents
    again. Inputs changed in the last two seconds are never memoised (a
    second change within the clock's granularity could keep every stamp).
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
    settled = stamp is not None and max(max(m, c) for _, _, m, c, _ in stamp) < time.time_ns() - 2_000_000_000
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
    package = Path(__file__).resolve().parents[1]
    for path in _inputs(project):
        name = path.relative_to(package).as_posix() if path.is_relative_to(package) else path.name
        h.update(name.encode())
        try:
            h.update(path.read_bytes())
        except OSError as exc:
            raise MalformedInputError(f"{path}: cannot read: {exc.strerror}") from None
    return h.hexdigest()[:16]


def load_sources(project, evidence=False):
    """Read catalogue, records and ontology; return (catalogue, records, ontology, problems).

    Malformed files raise MalformedInputError listing every one of them.
    ``evidence``: run the evidence-quality checks too (``kg validate``).
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
    return catalogue, records, ontology, check_records(records, catalogue, evidence)


def build(project, force=False, damaged=None):
    """Compile the project into its cache unless an up-to-date, intact build exists.

    ``damaged``: why the cached build was found damaged while it was read
    (said in the note on stderr); it is then built again.
    """
    key = content_hash(project) if force or damaged else current_key(project)
    folder = project.cache / key
    remake = lambda reason: build(project, damaged=reason)  # noqa: E731
    if damaged:
        print(f"kg: note: the cached build {key} is damaged ({damaged}); rebuilding it", file=sys.stderr)
    elif not force and folder.exists():
        try:
            manifest = verify(folder, REQUIRED)
        except CacheDamaged as exc:
            print(f"kg: note: the cached build {key} is damaged ({exc}); rebuilding it", file=sys.stderr)
        else:
            touch(folder)
            return Build(key, folder, fresh=False, sealed=manifest, remake=remake)
    import gc
    import shutil
    import tempfile

    from graph.dataset.compiler import compile_triples
    from graph.dataset.ntfiles import write_nt_files
    from graph.dataset.rows import ByPredicate
    from graph.store.local import STORE

    started = time.perf_counter()
    try:
        project.cache.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(dir=project.cache, prefix=f".build-{key}-"))
    except OSError as exc:
        raise WriteError(f"cannot write the cache {project.cache}: {exc.strerror or exc}") from None
    try:
        with gc_paused():
            catalogue, records, ontology, problems = load_sources(project)
            if problems:
                raise ValidationFailed(problems)
            triples = compile_triples(records, catalogue, ontology)  # no rdflib Graph: its indexes cost more
            n_ontology, n_triples, n_records = len(ontology), len(triples), len(records)
            del catalogue, records, ontology  # everything is let go once used: the build's peak memory is less
            with _store_beside(work / STORE) as to_store:  # written in a thread while the work below goes on
                derived = {}

                def meanwhile():  # while the store loads the first part
                    derived["counts"] = _counts(triples)
                    derived["by_predicate"] = ByPredicate(triples)  # what the derived files need

                graphs = write_nt_files(work, triples, n_ontology, to_store, meanwhile)
                del triples  # let go before the derived files are made: the build's peak memory is less
                compiled = time.perf_counter()
                counts = derived["counts"]
                _derive_from_triples(Build(key, work, fresh=True), derived.pop("by_predicate"))
                hashed = file_records(work, leave_out=[STORE])  # while the store is still written
                # NetworkX graphs hold themselves through their views, so the projection's were left for the
                # cyclic collector: collected now, while the store is written, rather than by the first
                # collection after gc_paused, which would also scan everything the build made (0.4 s at 1M)
                gc.collect()
        manifest = {"key": key, "triples": n_triples, "graphs": graphs, "records": n_records,
                    "seconds": round(compiled - started, 3),
                    "derive_seconds": round(time.perf_counter() - compiled, 3), **counts}
        sealed = seal(work, manifest, hashed)
        _publish(work, folder)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    prune(project.cache, keep=folder)
    return Build(key, folder, fresh=True, sealed=sealed, remake=remake)


@contextmanager
def _store_beside(folder):
    """Write the on-disk store at ``folder`` in a thread (Oxigraph lets go of the GIL) from the parts given to
    the function this yields (see :func:`graph.store.local.write_store`); the block ends when the store is
    written and closed. An error in either is raised, and the other stopped."""
    import queue
    from concurrent.futures import ThreadPoolExecutor

    from graph.store.local import write_store

    parts, stop = queue.Queue(), object()

    def give(part):
        if written.done():  # failed (it ends only when told to): raised here
            written.result()
        parts.put(part)

    with ThreadPoolExecutor(max_workers=1) as side:
        written = side.submit(write_store, folder, iter(parts.get, stop))  # holds no part once read
        try:
            yield give
        finally:
            parts.put(stop)
        written.result()


def _publish(work, folder):
    """Rename the finished ``work`` folder to ``folder``, moving aside a damaged or older one first."""
    import shutil
    import tempfile

    if folder.exists():
        aside = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".old-"))
        try:
            os.replace(folder, aside / folder.name)
        except OSError:
            pass
        shutil.rmtree(aside, ignore_errors=True)
    try:
        os.replace(work, folder)
    except OSError as exc:  # another process sealed the same key meanwhile: theirs is as good as ours
        try:
            verify(folder, REQUIRED)
        except CacheDamaged:
            raise WriteError(f"cannot write the cache folder {folder}: {exc.strerror or exc}") from None


def touch(folder):
    """Mark a cache folder as just used (pruning keeps the most recently used)."""
    try:
        os.utime(folder)
    except OSError:
        pass


def prune(cache, keep, remote=False):
    """Remove all but the :data:`KEEP` most recently used build folders of one kind: local builds (and the
    leftovers of dead builds), or with ``remote`` the mirrors of remote stores. ``keep`` is never removed."""
    import shutil

    try:
        folders = [p for p in cache.iterdir() if p.is_dir() and p != keep and not p.name.startswith(".")
                   and p.name.startswith("remote-") == remote]
        folders.sort(key=lambda p: p.stat().st_mtime, reverse=True)
        stale = [] if remote else [p for p in cache.iterdir() if p.is_dir()
                                   and p.name.startswith((".build-", ".old-")) and p.stat().st_mtime < time.time() - 3600]
    except OSError:
        return
    for old in folders[KEEP - 1:] + stale:
        shutil.rmtree(old, ignore_errors=True)


@contextmanager
def gc_paused():
    """Python's cyclic garbage collector off for the block (and back on after, if it was on).

    A build makes millions of objects (YAML nodes, records, terms, triples)
    and keeps them, which sets the collector off again and again to scan
    them all for cycles that are not there: half the time of reading and
    compiling. Decoding a cached JSON file is the same on a small scale (a
    cold ``kg path`` spent 20 ms of its 70 in collections while decoding
    the projection). Everything is freed by reference counting as before.
    """
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def write_lines(path, lines, chunk=1 << 16):
    """Write N-Triples lines (text, or UTF-8 bytes), each ending with a newline, ``chunk`` lines at a time
    (never the whole file in memory at once), atomically."""
    from graph.render.atomic import write_chunks

    def chunks():
        for i in range(0, len(lines), chunk):
            part = lines[i:i + chunk]
            yield b"\n".join(part) + b"\n" if isinstance(part[0], bytes) else ("\n".join(part) + "\n").encode("utf-8")

    write_chunks(path, chunks())


def _derive_from_files(b):
    """The on-disk store, projection, name index and centralities of a build folder holding only its N-Triples
    files (a remote store's mirror), written beside them before the folder is sealed (the store closed first:
    it is only read after)."""
    from concurrent.futures import ThreadPoolExecutor

    from graph.network.centrality import load_centrality
    from graph.network.projection import load_projection
    from graph.store.local import create_store, open_store
    from graph.store.resolve import load_index

    with ThreadPoolExecutor(max_workers=1) as side:
        written = side.submit(create_store, b)  # Oxigraph lets go of the GIL: written beside the work below
        store = open_store(b, resident=True)  # the scans below run 5 to 10 times faster in memory than on disk
        network = load_projection(b, lambda _: store)
        load_index(b, lambda _: store)
        del store
        load_centrality(b, network)
        load_centrality(b, network, "cooperation")
        written.result()  # closed before the folder is sealed


def _derive_from_triples(b, by_predicate):
    """The projection, name index and centralities of a build folder being built, written into it, from its
    triples sorted by predicate (:class:`graph.dataset.rows.ByPredicate`): no store is asked."""
    from graph.network.centrality import load_centrality
    from graph.network.projection import project_triples, save_projection
    from graph.store.resolve import NameIndex, save_index

    save_index(b, NameIndex.from_triples(by_predicate))  # let go before the projection is made: less memory
    network = project_triples(by_predicate)
    del by_predicate  # the last reference (the caller keeps none): let go before the centralities
    save_projection(b, network)
    load_centrality(b, network)
    load_centrality(b, network, "cooperation")


def ensure_built(project):
    """The current build, compiling first when ontology, data or code changed or the cached folder is damaged."""
    return build(project)


def _counts(triples):
    from graph.dataset.stats import fact_counts

    return fact_counts(triples)

"""Build the dataset: check the records, compile them, cache the result.

The cache key is a SHA-256 of the ontology, the data, the catalogue and the
source of the code whose output is cached (the compiler, and the projection,
name index and centrality pickled beside the dataset), so any change to them
rebuilds on the next command.
The cache holds ``dataset.nt`` (every triple, N-Triples, sorted), the same
split into its two named graphs, ``ontology.nt`` (the triples of the ontology
files) and ``data.nt`` (the rest), and ``manifest.json`` (hash, counts).
"""

import hashlib
import json
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from .atomic import write_text
from .errors import MalformedInputError, ValidationFailed

__all__ = ["Build", "build", "content_hash", "ensure_built", "load_sources"]

# the code whose output is cached: the dataset, and the pickles derived from it
_CODE = ("schema.py", "checks.py", "compiler.py", "records.py", "build.py", "stats.py",
         "documents.py", "yamlfile.py", "namespaces.py", "projection.py", "resolve.py", "centrality.py")


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


def content_hash(project):
    """SHA-256 over every input of the build, in a fixed order."""
    h = hashlib.sha256()
    here = Path(__file__).parent
    inputs = [*project.ontology_files, project.catalogue_file, *project.data_files(),
              *(here / name for name in _CODE)]
    for path in inputs:
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

    from .checks import check_records
    from .documents import Catalogue
    from .records import load_records

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
    key = content_hash(project)
    folder = project.cache / key
    if not force and (folder / "manifest.json").exists():
        return Build(key, folder, fresh=False)
    from .compiler import compile_graph

    started = time.perf_counter()
    catalogue, records, ontology, problems = load_sources(project)
    if problems:
        raise ValidationFailed(problems)
    graph = compile_graph(records, catalogue, ontology)
    folder.mkdir(parents=True, exist_ok=True)
    lines = sorted(line for line in graph.serialize(format="nt").splitlines() if line.strip())
    write_text(folder / "dataset.nt", "\n".join(lines) + "\n")  # sorted: the same inputs give the same file
    stated = {line for line in ontology.serialize(format="nt").splitlines() if line.strip()}
    for name, part in (("ontology.nt", [x for x in lines if x in stated]),
                       ("data.nt", [x for x in lines if x not in stated])):
        write_text(folder / name, "\n".join(part) + "\n")  # the two named graphs, see graph.store
    counts = _counts(graph)
    manifest = {"key": key, "triples": len(graph), "records": len(records),
                "seconds": round(time.perf_counter() - started, 3), **counts}
    write_text(folder / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
    for old in project.cache.iterdir():
        if old.is_dir() and old.name != key:
            shutil.rmtree(old, ignore_errors=True)
    return Build(key, folder, fresh=True)


def ensure_built(project):
    """The current build, compiling first when ontology or data changed."""
    return build(project)


def _counts(graph):
    from .stats import fact_counts

    return fact_counts(graph)

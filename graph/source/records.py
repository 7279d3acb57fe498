"""Load the YAML records of ``data/`` into :class:`Record` objects.

Each record keeps the file and line it came from, so every problem can be
reported with file, record id and field.
"""

from dataclasses import dataclass
from pathlib import Path

from graph.errors import MalformedInputError
from graph.source.shapes import shape_problems
from graph.source.yamlfile import load_file

__all__ = ["Record", "load_records"]


@dataclass
class Record:
    """One entity record: its raw fields plus where it was written."""

    fields: dict
    file: str
    line: int

    @property
    def id(self):
        return str(self.fields.get("id", ""))

    @property
    def type(self):
        return self.fields.get("type")

    def get(self, key, default=None):
        return self.fields.get(key, default)

    def where(self, field=None):
        """``file:line: id[.field]`` for messages."""
        tail = f".{field}" if field else ""
        return f"{self.file}:{self.line}: {self.id or '<no id>'}{tail}"


#: YAML bytes from which a second process reads about half the files while this one reads the rest: starting
#: it costs about 0.1 s, and the parser reads about 5 MB a second (a million-triple data folder is 12 MB)
SPLIT_BYTES = 4_000_000
#: what starting the second process and handing its records back costs, as YAML bytes read meanwhile (measured:
#: with the bytes split in halves this process waited 0.3 to 0.4 s for it at 12 MB)
START_BYTES = 1_500_000


def load_records(files):
    """Read every file; return (records, malformed) where malformed lists messages.

    A malformed file does not stop the others from being read, so all faults
    are reported at once. Records and messages come in the order of the
    files, and within a file in its order; from :data:`SPLIT_BYTES` of YAML
    on, a second process reads about half of the files (by size) meanwhile.
    """
    files = list(files)
    theirs = _their_half(files)
    read = {}
    if theirs:
        read = _read_beside(theirs, lambda: {path: _read(path) for path in files if path not in theirs})
    for path in files:
        if path not in read:
            read[path] = _read(path)
    records, malformed = [], []
    for path in files:
        mine, bad = read.pop(path)
        records += mine
        malformed += bad
    return records, malformed


def _their_half(files):
    """The files a second process is to read (about half of the bytes, less what starting it costs:
    :data:`START_BYTES`), or none when there are too few bytes."""
    import os

    sizes = {}
    for path in files:
        try:
            sizes[path] = os.path.getsize(path)
        except OSError:  # read (and reported) by this process
            sizes[path] = 0
    if sum(sizes.values()) < SPLIT_BYTES or len(files) < 2:
        return set()
    theirs, mine, their_load = set(), 0, START_BYTES
    for path in sorted(files, key=sizes.get, reverse=True):  # largest first, each to the lighter side
        if mine <= their_load:
            mine += sizes[path]
        else:
            theirs.add(path)
            their_load += sizes[path]
    return theirs


def _read_beside(theirs, read_mine):
    """``read_mine()`` (a dict of path -> :func:`_read`) with the files ``theirs`` read by a second Python
    process meanwhile (:func:`_serve`); theirs are left out of the result when that process fails.

    The process is this interpreter on this package, started afresh (no
    fork of a process that may have threads, and no import of the caller's
    main module, as multiprocessing's spawn would do); it hands its records
    back over a pipe it alone writes, as plain values in ``marshal``'s format,
    which holds no object of a class and so cannot make a decoder run code
    (the records' fields are YAML's plain values: the loader makes no dates).
    """
    import marshal
    import os
    import subprocess
    import sys

    package = str(Path(__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(x for x in (package, os.environ.get("PYTHONPATH")) if x)}
    try:
        child = subprocess.Popen([sys.executable, "-c", "import sys; from graph.source.records import _serve; "
                                  "_serve(sys.argv[1:])", *map(str, theirs)],
                                 stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    except OSError:  # no second process here: this one reads everything
        return read_mine()
    with child:  # its pipe closed and the process waited for on the way out
        try:
            read = read_mine()
            out, _ = child.communicate()
        except BaseException:  # Ctrl-C, say: the second process goes too, not left writing to a pipe no one reads
            child.kill()
            raise
    if child.returncode == 0:
        try:
            found = marshal.loads(out)
            for path in theirs:
                records, malformed = found[str(path)]
                read[path] = ([Record(*r) for r in records], malformed)
        except (EOFError, ValueError, TypeError, KeyError):  # not what _serve writes: this process reads the rest
            pass
    return read


def _serve(paths):
    """:func:`_read` of each path, written to stdout with ``marshal`` as ``{path: ([(fields, file, line)],
    malformed)}``: the second process of :func:`load_records`."""
    import gc
    import marshal
    import sys

    gc.disable()  # it only makes what it returns, none of it cyclic garbage (see graph.dataset.build.gc_paused)
    found = {}
    for path in paths:
        records, malformed = _read(Path(path))
        found[path] = ([(r.fields, r.file, r.line) for r in records], malformed)
    sys.stdout.buffer.write(marshal.dumps(found))


def _read(path):
    """The records of one file and the messages of what is malformed in it."""
    records, malformed = [], []
    try:
        raw = load_file(path)
    except MalformedInputError as exc:
        return records, [str(exc)]
    if raw is None:
        return records, malformed
    if not isinstance(raw, list):
        return records, [f"{path}: a data file must be a YAML list of records"]
    for item in raw:
        if not isinstance(item, dict):
            malformed.append(f"{path}: every record must be a mapping, found {item!r}")
            continue
        line = item.pop("__line__", 0)
        record = Record(item, str(path), line)
        wrong = shape_problems(record)
        if wrong:  # the checks after this would trip over it: reported and left out
            malformed += wrong
            continue
        records.append(record)
    return records, malformed

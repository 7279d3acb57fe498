"""Write files atomically: temporary files beside the targets, renamed only when all are complete.

A failed write never truncates or damages an existing file, and a set of
files written together (:func:`write_files`, e.g. the CSV nodes and edges
tables) is never half replaced: if any of them cannot be written, none is
renamed into place. An existing file keeps its permission bits (a 0600 file
stays 0600); a read-only one is refused with WriteError (exit 6), never
replaced. New files get the usual ``0666 & ~umask``.

>>> import tempfile, os
>>> d = tempfile.mkdtemp()
>>> write_text(os.path.join(d, "a.txt"), "안녕")
>>> open(os.path.join(d, "a.txt"), encoding="utf-8").read()
'안녕'
>>> os.chmod(os.path.join(d, "a.txt"), 0o600)
>>> write_files({os.path.join(d, "a.txt"): b"1", os.path.join(d, "b.txt"): b"2"})
>>> oct(os.stat(os.path.join(d, "a.txt")).st_mode & 0o777), open(os.path.join(d, "b.txt")).read()
('0o600', '2')
"""

import os
import stat
import tempfile

from graph.errors import WriteError

__all__ = ["write_bytes", "write_chunks", "write_files", "write_text"]


def _mode(path):
    """The permission bits the new file gets: the existing file's, or ``0666 & ~umask``; refuses read-only files."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(st.st_mode):
        raise WriteError(f"cannot write {path}: it is a directory")
    mode = stat.S_IMODE(st.st_mode)
    if not mode & 0o222 or not os.access(path, os.W_OK):
        raise WriteError(f"cannot write {path}: the file is read-only (it was left as it is; make it writable "
                         "or choose another name)")
    return mode


def _prepare(path, data):
    """A complete, synced temporary copy of ``data`` beside ``path``; returns its name."""
    mode = _mode(path)
    folder = os.path.dirname(os.path.abspath(path))
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=os.path.basename(path))
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as fh:
            if isinstance(data, (bytes, bytearray, memoryview)):
                fh.write(data)
            else:  # an iterable of byte strings
                for chunk in data:
                    fh.write(chunk)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        _remove(tmp)
        raise WriteError(f"cannot write {path}: {exc.strerror or exc}") from None
    return tmp


def _remove(tmp):
    try:
        os.unlink(tmp)
    except OSError:
        pass


def write_files(files):
    """Write each ``{path: bytes}`` (or an iterable of bytes) atomically, all or none: every file is complete before any is renamed.

    Raises WriteError (and leaves every target as it was) when any of them
    cannot be written.
    """
    files = {os.fspath(p): data for p, data in files.items()}
    prepared = []
    try:
        for path, data in files.items():
            prepared.append((_prepare(path, data), path))
        for i, (tmp, path) in enumerate(prepared):
            try:
                os.replace(tmp, path)
            except OSError as exc:
                raise WriteError(f"cannot write {path}: {exc.strerror or exc}") from None
            prepared[i] = (None, path)
    finally:
        for tmp, _ in prepared:
            if tmp is not None:
                _remove(tmp)


def write_bytes(path, data):
    """Write ``data`` to ``path`` atomically; raise WriteError on failure."""
    write_files({path: data})


def write_chunks(path, chunks):
    """Write the byte strings of the iterable ``chunks``, one after the other, to ``path`` atomically."""
    write_files({path: chunks})


def write_text(path, text):
    """Write ``text`` as UTF-8 to ``path`` atomically."""
    write_bytes(path, text.encode("utf-8"))

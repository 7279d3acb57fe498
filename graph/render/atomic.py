"""Write files atomically: a temporary file beside the target, then a rename.

A failed write never truncates or damages an existing file.

>>> import tempfile, os
>>> d = tempfile.mkdtemp()
>>> write_text(os.path.join(d, "a.txt"), "안녕")
>>> open(os.path.join(d, "a.txt"), encoding="utf-8").read()
'안녕'
"""

import os
import tempfile

from graph.errors import WriteError

__all__ = ["write_bytes", "write_text"]


def write_bytes(path, data):
    """Write ``data`` to ``path`` atomically; raise WriteError on failure."""
    path = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path))
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=os.path.basename(path))
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)  # mkstemp makes 0600; give the usual permissions
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise WriteError(f"cannot write {path}: {exc.strerror or exc}") from None


def write_text(path, text):
    """Write ``text`` as UTF-8 to ``path`` atomically."""
    write_bytes(path, text.encode("utf-8"))

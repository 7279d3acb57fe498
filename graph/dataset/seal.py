"""The cache's rule for trusting a folder: a manifest with the SHA-256 of every file, checked before use.

A cache folder (a local build, a remote store's mirror, and whatever an
on-disk store adds later) is *sealed* when everything in it is written:
:func:`seal` lists every file under the folder, subfolders included, with
its size and SHA-256 in ``manifest.json``, written last.

Reading it takes two checks, so that a command pays only for the files it
reads. :func:`verify`, before a folder is used, reads the manifest and checks
that every listed file is there with its size (a missing, truncated or
emptied file, a manifest that does not parse or lacks a file the reader
needs); then each file's content is checked against its SHA-256 when it is
read: :func:`read_verified` for bytes, :func:`check_file` before a file is
handed on by path (to Oxigraph's loader, say). Any mismatch raises
:class:`CacheDamaged`, and the caller rebuilds. Files not listed are never
read. Nothing in the cache is in a format that runs code when read: N-Triples
and JSON only.

Any new kind of cached file follows the same steps: write it into the folder
before :func:`seal`, use the folder only after :func:`verify`, and read the
file through :func:`read_verified` or after :func:`check_file`.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "data.nt").write_text("<a:b> <a:c> <a:d> .\\n")
>>> m = seal(d, {"key": "k"})
>>> sorted(verify(d)["files"])
['data.nt']
>>> _ = (d / "data.nt").write_text("<a:b> <a:c> <a:X> .\\n")  # same size, other content
>>> check_file(d, verify(d), "data.nt")
Traceback (most recent call last):
...
graph.dataset.seal.CacheDamaged: data.nt does not match its content hash in the manifest
>>> _ = (d / "data.nt").write_text("")
>>> verify(d)
Traceback (most recent call last):
...
graph.dataset.seal.CacheDamaged: data.nt has 0 bytes, the manifest says 20
"""

import hashlib
import json
import os

from graph.errors import KGError

__all__ = ["MANIFEST", "CacheDamaged", "check_file", "file_record", "file_records", "read_verified", "seal", "unseal",
           "verify"]

MANIFEST = "manifest.json"


class CacheDamaged(KGError):
    """A cache folder does not match its manifest (or has none that parses): it must be rebuilt."""


def file_record(path):
    """``{"size", "sha256"}`` of the file at ``path``."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        while True:
            block = fh.read(1 << 20)
            if not block:
                break
            size += len(block)
            digest.update(block)
    return {"size": size, "sha256": digest.hexdigest()}


def _files(folder):
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, folder).replace(os.sep, "/")
            if rel != MANIFEST and not name.startswith(".tmp-"):
                yield rel, path


def file_records(folder, leave_out=()):
    """``{rel: file_record}`` of every file under ``folder`` but those under the subfolders ``leave_out``: what
    :func:`seal` lists, hashed ahead (a build hashes its finished files while its store is still written)."""
    skip = tuple(f"{name}/" for name in leave_out)
    return {rel: file_record(path) for rel, path in _files(folder) if not rel.startswith(skip)}


def seal(folder, manifest, hashed=None):
    """Write ``manifest`` plus ``"files"`` (every file under ``folder``) as the folder's ``manifest.json``.

    ``hashed``: records of files already hashed (:func:`file_records`), taken
    as they are when the file still has their size (the caller wrote them and
    changes them no more); every other file is hashed now.
    """
    from graph.render.atomic import write_text

    hashed = hashed or {}

    def record(rel, path):
        known = hashed.get(rel)
        return known if known is not None and os.stat(path).st_size == known["size"] else file_record(path)

    sealed = {**manifest, "files": {rel: record(rel, path) for rel, path in _files(folder)}}
    write_text(os.path.join(folder, MANIFEST), json.dumps(sealed, ensure_ascii=False, indent=1))
    return sealed


def _manifest(folder):
    try:
        with open(os.path.join(folder, MANIFEST), encoding="utf-8") as fh:
            manifest = json.load(fh)
    except FileNotFoundError:
        raise CacheDamaged(f"{MANIFEST} is missing") from None
    except (OSError, ValueError) as exc:
        raise CacheDamaged(f"{MANIFEST} cannot be read ({exc.__class__.__name__})") from None
    files = manifest.get("files") if isinstance(manifest, dict) else None
    if not isinstance(files, dict) or not all(isinstance(r, dict) for r in files.values()):
        raise CacheDamaged(f"{MANIFEST} lists no files (written by an older version?)")
    return manifest


def _path(folder, rel):
    return os.path.join(folder, *rel.split("/"))


def _check_size(folder, rel, record):
    try:
        size = os.stat(_path(folder, rel)).st_size
    except OSError:
        raise CacheDamaged(f"{rel} is missing") from None
    if size != record.get("size"):
        raise CacheDamaged(f"{rel} has {size} bytes, the manifest says {record.get('size')}")


def check_file(folder, manifest, rel):
    """Check file ``rel`` of ``folder`` (size and SHA-256) against ``manifest``; CacheDamaged if it differs
    or is not listed."""
    record = manifest.get("files", {}).get(rel)
    if record is None:
        raise CacheDamaged(f"{rel} is not in the manifest")
    _check_size(folder, rel, record)
    if file_record(_path(folder, rel))["sha256"] != record.get("sha256"):
        raise CacheDamaged(f"{rel} does not match its content hash in the manifest")


def unseal(folder):
    """Remove the manifest of ``folder``: whoever uses the folder next rebuilds it."""
    try:
        os.unlink(os.path.join(folder, MANIFEST))
    except OSError:
        pass


def verify(folder, required=()):
    """The manifest of ``folder`` after every file it lists was found with its size; CacheDamaged otherwise.

    ``required`` names files that must be listed. Contents are checked when a
    file is read (:func:`read_verified`, :func:`check_file`).
    """
    manifest = _manifest(folder)
    files = manifest["files"]
    for rel in required:
        if rel not in files:
            raise CacheDamaged(f"{rel} is not in the manifest")
    for rel, record in files.items():
        _check_size(folder, rel, record)
    return manifest


def read_verified(folder, manifest, rel):
    """The bytes of file ``rel`` if the manifest lists it and they still match; None if not listed.

    Raises CacheDamaged when the file changed since it was sealed.
    """
    record = manifest.get("files", {}).get(rel)
    if record is None:
        return None
    try:
        with open(_path(folder, rel), "rb") as fh:
            data = fh.read()
    except OSError:
        raise CacheDamaged(f"{rel} is missing") from None
    if len(data) != record.get("size") or hashlib.sha256(data).hexdigest() != record.get("sha256"):
        raise CacheDamaged(f"{rel} does not match its content hash in the manifest")
    return data

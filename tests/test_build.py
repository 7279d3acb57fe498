"""kg build: cached by content hash, rebuilt when data change, written atomically."""

import shutil

import pytest

from graph.render.atomic import write_text
from graph.dataset.build import build, content_hash
from graph.errors import WriteError
from graph.project import Project


@pytest.fixture
def copy(tmp_path, project):
    root = tmp_path / "proj"
    for name in ("ontology", "data", "seeds"):
        shutil.copytree(project.root / name, root / name)
    return Project(root=root, data=root / "data", cache=tmp_path / "cache")


def test_second_build_reuses_the_cache(copy):
    first = build(copy)
    second = build(copy)
    assert first.fresh and not second.fresh and first.key == second.key
    assert second.manifest["triples"] > 10000


def test_changing_data_rebuilds(copy):
    first = build(copy)
    labs = copy.data / "labs.yaml"
    labs.write_text(labs.read_text(encoding="utf-8").replace("Argonne National Laboratory", "Argonne National Lab", 1),
                    encoding="utf-8")
    assert content_hash(copy) != first.key
    second = build(copy)
    assert second.fresh and second.key != first.key
    assert "Argonne National Lab" in second.dataset.read_text(encoding="utf-8")
    assert first.folder.exists()  # a build of other data is kept (the few most recent are)


def test_build_command_reports_triples(kg):
    result = kg("build")
    assert result.exit_code == 0
    assert "triples from" in result.stdout


def test_write_into_a_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(WriteError, match="cannot write .*missing/out.txt"):
        write_text(tmp_path / "missing" / "out.txt", "text")


def test_disk_full_half_way_leaves_the_existing_file_intact(tmp_path, monkeypatch):
    # a full disk cannot be produced on demand here, so fsync is made to fail as it would
    import errno
    import os

    target = tmp_path / "out.txt"
    target.write_text("old content", encoding="utf-8")

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(WriteError, match="No space left"):
        write_text(target, "new content")
    assert target.read_text(encoding="utf-8") == "old content"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]  # no temporary file left behind

"""kg diff: two git revisions, two builds, the working files; bad sides exit 2."""

import io
import json
import shutil
import subprocess
import tarfile
from types import SimpleNamespace

import pytest
import yaml
from click.testing import CliRunner
from conftest import ROOT

from graph.dataset.build import build
from graph.cli import main
from graph.project import Project
from graph.source.yamlfile import load_text


def _run(env, *args):
    result = CliRunner().invoke(main, [str(a) for a in args], env=env, catch_exceptions=False)
    assert "Traceback" not in result.output + result.stderr
    return result


def _git(root, *args):
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


def _commit(root, tag):
    _git(root, "add", "-A")
    _git(root, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", tag)
    _git(root, "tag", tag)


def _strip_lines(value):
    if isinstance(value, dict):
        return {k: _strip_lines(v) for k, v in value.items() if k != "__line__"}
    if isinstance(value, list):
        return [_strip_lines(v) for v in value]
    return value


def _referenced(data):
    """Every id some record points at (relations and posts)."""
    out = set()
    for path in data.glob("*.yaml"):
        for rec in load_text(path.read_text(encoding="utf-8")) or []:
            out |= {str(r.get("o", r.get("s"))) for r in rec.get("relations") or []}
            out |= {str(p.get("org")) for p in rec.get("posts") or []}
    return out


def _edit_agreements(data):
    """Remove an agreement nothing references, change another's status and date, add a party to a third."""
    path = data / "agreements.yaml"
    recs = _strip_lines(load_text(path.read_text(encoding="utf-8")))
    refs = _referenced(data)
    removed = next(r for r in recs if r["id"] not in refs)
    recs.remove(removed)
    changed = next(r for r in recs if isinstance(r.get("status"), str) and r["status"] != "in-force"
                   and isinstance(r.get("date"), str))
    before = {"status": changed["status"], "date": changed["date"]}
    changed["status"], changed["date"] = "in-force", "2026-01-01"
    joined = next(r for r in recs if r is not changed
                  and {"p": "party", "o": "korea"} not in [{k: x.get(k) for k in ("p", "o")} for x in r["relations"]])
    joined["relations"].append({"p": "party", "o": "korea"})
    path.write_text(yaml.safe_dump(recs, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    return SimpleNamespace(removed=removed, changed=changed["id"], before=before, joined=joined["id"])


def _branch(root, name, file, text):
    """A commit on branch ``name`` that replaces ``file``; the working files stay as they were."""
    _git(root, "switch", "-q", "-c", name)
    (root / file).write_text(text, encoding="utf-8")
    _commit(root, f"{name}-tag")
    _git(root, "switch", "-q", "-")


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    """A copy of the committed project as a git repo: tag v1, an edit, tag v2, and two bad branches.

    Builds of v1 and v2 are kept in their own folders; ``KG_CACHE`` holds v2's build.
    """
    tmp = tmp_path_factory.mktemp("diff")
    root = tmp / "proj"
    root.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", "HEAD", "ontology", "data", "seeds"],
                             check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(root, filter="data")
    _git(root, "init", "-q", "-b", "main")
    _commit(root, "v1")
    v1 = build(Project(root=root, data=root / "data", cache=tmp / "cache-v1")).folder
    edit = _edit_agreements(root / "data")
    _commit(root, "v2")
    _branch(root, "malformed", "data/agreements.yaml", "- id: [unclosed\n")
    dangling = (root / "data" / "agreements.yaml").read_text(encoding="utf-8") + (
        "- id: dangling-test\n  type: Agreement\n  label: {en: X, ko: X}\n"
        "  relations:\n  - {p: party, o: no-such-entity}\n")
    _branch(root, "invalid", "data/agreements.yaml", dangling)
    v2 = build(Project(root=root, data=root / "data", cache=tmp / "cache")).folder
    env = {"KG_HOME": str(root), "KG_CACHE": str(tmp / "cache")}
    return SimpleNamespace(root=root, tmp=tmp, env=env, v1=v1, v2=v2, **vars(edit))


@pytest.fixture(scope="module")
def report(repo):
    """``kg diff v1 v2 --format json``: v1 is built in a temporary folder, v2 read from the cache."""
    result = _run(repo.env, "diff", "v1", "v2", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert [p.name for p in (repo.tmp / "cache").iterdir()] == [repo.v2.name]  # the cache is left alone
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def warm(repo, report):
    """The repo with v1's build also in the cache, so later diffs need not build it again."""
    shutil.copytree(repo.v1, repo.tmp / "cache" / repo.v1.name)
    return repo


def test_same_revision_of_the_real_repo_has_no_differences():
    result = _run({}, "diff", "HEAD", "HEAD", "--format", "json")
    assert result.exit_code == 0, result.stderr
    d = json.loads(result.stdout)
    assert d["old"]["commit"] == d["new"]["commit"]
    assert not any(d["summary"].values())


def test_removed_entity_is_reported_with_its_relations(repo, report):
    assert [e["id"] for e in report["entities_removed"]] == [repo.removed["id"]]
    assert report["entities_removed"][0]["type"] == "Agreement"
    assert report["entities_removed"][0]["label"]["en"] == repo.removed["label"]["en"]
    assert report["entities_added"] == []
    removed = {(r["subject"], r["predicate"], r["object"]) for r in report["relations_removed"]}
    assert removed == {(repo.removed["id"], r["p"], str(r["o"])) if "o" in r else (str(r["s"]), r["p"], repo.removed["id"])
                       for r in repo.removed["relations"]}


def test_status_and_date_changes_are_reported(repo, report):
    assert [(c["id"], c["old"], c["new"]) for c in report["status_changed"]] == \
        [(repo.changed, repo.before["status"], "in-force")]
    assert [(c["id"], c["field"], c["old"], c["new"]) for c in report["date_changed"]] == \
        [(repo.changed, "date", repo.before["date"], "2026-01-01")]


def test_added_relation_is_reported_and_nothing_else(repo, report):
    assert [(r["subject"], r["predicate"], r["object"]) for r in report["relations_added"]] == \
        [(repo.joined, "party", "korea")]
    assert report["relations_added"][0]["object_label"] == {"en": "Republic of Korea", "ko": "한국"}
    quiet = ("labels_changed", "types_changed", "values_changed", "qualifiers_changed", "sources_changed",
             "documents_added", "documents_removed")
    assert {k: report["summary"][k] for k in quiet} == dict.fromkeys(quiet, 0)
    assert report["old"]["kind"] == report["new"]["kind"] == "git"


def test_text_output_has_summary_and_sections(warm):
    repo = warm
    result = _run(repo.env, "diff", "v1", "v2")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[2].startswith("1 entity removed, ")
    assert f"  - {repo.removed['id']}  {repo.removed['label']['en']}  [Agreement]" in lines
    assert any(line.startswith("  ~ ") and line.endswith(f"({repo.changed}): {repo.before['status']} → in-force")
               for line in lines)
    assert any(line.endswith(f"({repo.joined} party korea)") for line in lines)
    ko = _run(repo.env, "diff", "v1", "v2", "--lang", "ko").stdout
    assert f"{repo.removed['label']['ko']}" in ko and "한국을 당사자로 둠" in ko


def test_two_builds_compare_like_their_revisions(repo, report):
    result = _run(repo.env, "diff", repo.v1, repo.v2 / "dataset.nt", "--format", "json")
    assert result.exit_code == 0, result.stderr
    d = json.loads(result.stdout)
    assert d["old"]["kind"] == d["new"]["kind"] == "build"
    assert {k: v for k, v in d.items() if k not in ("old", "new")} == \
        {k: v for k, v in report.items() if k not in ("old", "new")}


def test_worktree_equals_its_commit_and_exit_code(warm):
    repo = warm
    same = _run(repo.env, "diff", "v2", "WORKTREE", "--exit-code")
    assert same.exit_code == 0 and "no differences" in same.stdout
    assert _run(repo.env, "diff", "v1", ".", "--exit-code").exit_code == 1
    assert _run(repo.env, "diff", "v1", ".").exit_code == 0


def test_revision_with_malformed_yaml_exits_2(repo):
    result = _run(repo.env, "diff", "v2", "malformed")
    assert result.exit_code == 2
    assert "revision malformed does not build" in result.stderr
    assert "malformed:data/agreements.yaml:2:1: malformed YAML" in result.stderr and str(repo.tmp) not in result.stderr


def test_revision_that_fails_the_checks_exits_2(repo):
    result = _run(repo.env, "diff", "v2", "invalid")
    assert result.exit_code == 2
    assert "revision invalid does not build" in result.stderr and "no-such-entity" in result.stderr


def test_unknown_revision_exits_2(repo):
    result = _run(repo.env, "diff", "no-such-rev", "v2")
    assert result.exit_code == 2
    assert "'no-such-rev' is neither a git revision" in result.stderr


def test_folder_without_dataset_exits_2(repo, tmp_path):
    result = _run(repo.env, "diff", tmp_path, "v2")
    assert result.exit_code == 2
    assert f"{tmp_path}: this folder holds no dataset.nt" in result.stderr


def test_file_that_is_not_ntriples_exits_2(repo, tmp_path):
    bad = tmp_path / "dataset.nt"
    bad.write_text("not n-triples\n", encoding="utf-8")
    result = _run(repo.env, "diff", bad, repo.v2)
    assert result.exit_code == 2 and "cannot read as N-Triples" in result.stderr


def test_revision_outside_a_git_repository_exits_2(repo, tmp_path):
    plain = tmp_path / "plain"
    shutil.copytree(repo.root / "ontology", plain / "ontology")
    result = _run({"KG_HOME": str(plain), "KG_CACHE": str(tmp_path / "cache")}, "diff", "HEAD", repo.v2)
    assert result.exit_code == 2 and "is not in a git repository" in result.stderr

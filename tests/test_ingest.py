"""kg ingest: known names (with Korean particles), new-actor candidates, pairs, the review file.

The fixtures under fixtures/ingest/ are short fictional texts written for these
tests, not taken from the seeds.
"""

import errno
import hashlib
import json

import pytest
import yaml

from graph.source.ingest import document_name, ingest
from graph.source.mentions import Matcher, org_stem, split_sentences, strip_particle
from graph.workspace import Workspace

from conftest import FIXTURES, ROOT

DOCS = FIXTURES / "ingest"
KO = DOCS / "fusion-news-ko.txt"
EN = DOCS / "fusion-news-en.txt"
NONE = DOCS / "no-known-names.txt"


@pytest.fixture(scope="module")
def ws():
    return Workspace()


def run_json(kg, *args):
    result = kg("ingest", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def by_id(result):
    return {m["id"]: m for m in result["mentions"]}


def tree_hash(*folders):
    h = hashlib.sha256()
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            h.update(str(path.relative_to(ROOT)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()


# ------------------------------------------------------------------ Korean document


def test_korean_text_lists_known_entities_written_with_particles(kg):
    d = run_json(kg, KO)
    m = by_id(d)
    assert {"anl", "msit", "riken", "kaeri", "doe", "fugaku", "genesis-mission"} <= set(m)
    assert "아르곤국립연구소와" in m["anl"]["forms"] and "아르곤 국립연구소" in m["anl"]["forms"]
    assert m["anl"]["count"] == 2 and m["anl"]["type"] == "kg:Lab"
    assert m["msit"]["forms"] == ["과기정통부는"] and m["msit"]["count"] == 2
    assert m["kaeri"]["forms"] == ["한국원자력연구원이"]
    assert "RIKEN" in m["riken"]["forms"] and m["riken"]["ko"] == "이화학연구소"
    assert m["korea"]["forms"] == ["한국과의"]
    assert m["msit"]["sentence"].startswith("과기정통부는 16일 미국 에너지부(DOE)")
    assert d["document"] == "fusion-news-ko" and d["ambiguous"] == []


def test_korean_text_report_names_ids_and_surface_forms(kg):
    result = kg("ingest", KO)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "known entities mentioned: 9" in out
    for text in ("anl", "아르곤국립연구소와", "msit", "과기정통부는", "kaeri", "한국원자력연구원이", "riken"):
        assert text in out
    assert "Argonne National Laboratory" in out
    assert "아르곤 국립연구소" in kg("ingest", KO, "--lang", "ko").stdout


def test_candidates_strip_particles_and_skip_noise(kg):
    d = run_json(kg, KO)
    cands = {c["label"]: c for c in d["candidates"]}
    kfe = cands["한국핵융합에너지연구원"]
    assert kfe["aliases"] == ["KFE"]  # 한국핵융합에너지연구원(KFE) … KFE는: one candidate
    assert kfe["count"] == 3 and "KFE는" in kfe["forms"] and "KFE" not in cands
    assert "국가핵융합위원회" in cands  # 국가핵융합위원회에서
    assert "KSTAR" in cands and "ITER" in cands
    for label in cands:  # nothing known, nothing with a particle left on, no common nouns
        assert not label.endswith(("은", "는", "에서", "의")), label
        assert label not in {"정부", "지원", "억원", "DOE", "RIKEN", "AI", "아르곤국립연구소"}


def test_pairs_carry_the_verbatim_sentence(kg):
    d = run_json(kg, KO)
    text = KO.read_text(encoding="utf-8")
    pairs = {(p["a"], p["b"]): p for p in d["pairs"]}
    quote = pairs[("msit", "anl")]["quote"]
    assert quote == ("과기정통부는 16일 미국 에너지부(DOE) 산하 아르곤국립연구소와 AI 기반 핵융합 "
                     "시뮬레이션 공동연구에 착수한다고 밝혔다.")
    assert ("riken", "fugaku") in pairs and ("doe", "anl") in pairs
    for p in d["pairs"]:
        assert p["quote"] in text and p["a"] != p["b"]


# ------------------------------------------------------------------ English document


def test_english_text(kg):
    d = run_json(kg, EN)
    m = by_id(d)
    assert {"doe", "anl", "riken", "kaeri", "nvidia", "msit", "aurora"} <= set(m)
    assert m["doe"]["forms"] == ["U.S. Department of Energy"]
    assert "korea" not in m  # only inside the longer, unknown Korea Institute of Fusion Energy
    cands = {c["label"]: c for c in d["candidates"]}
    assert cands["Korea Institute of Fusion Energy"]["aliases"] == ["KFE"]
    assert ("nvidia", "msit") in {(p["a"], p["b"]) for p in d["pairs"]}


# ------------------------------------------------------------------ the review file


def test_review_file_is_yaml_in_the_data_format(kg, tmp_path):
    out = tmp_path / "review.yaml"
    result = kg("ingest", KO, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert "known entities mentioned" in result.stdout and f"wrote {out}" in result.stderr
    raw = out.read_text(encoding="utf-8")
    assert raw.startswith("# DRAFT FOR REVIEW") and "`kg validate` does not read this file" in raw
    assert "\\u" not in raw and "아르곤국립연구소와" in raw  # Korean as text; mentions as comments
    records = yaml.safe_load(raw)
    assert isinstance(records, list)
    kfe = next(r for r in records if r["label"]["ko"] == "한국핵융합에너지연구원")
    assert kfe["type"] == "?" and kfe["aliases"] == ["KFE"] and "candidate" in kfe["review"]
    assert kfe["sources"][0]["doc"] == "fusion-news-ko"
    assert "한국핵융합에너지연구원(KFE)은" in kfe["sources"][0]["quote"]
    msit = next(r for r in records if r["id"] == "msit")
    rel = next(r for r in msit["relations"] if r["o"] == "anl")
    assert rel["p"] == "?"
    assert rel["sources"][0]["quote"].startswith("과기정통부는 16일 미국 에너지부(DOE) 산하 아르곤국립연구소와")


def test_review_to_stdout(kg):
    result = kg("ingest", EN, "-o", "-")
    assert result.exit_code == 0, result.stderr
    records = yaml.safe_load(result.stdout)
    assert any(r.get("aliases") == ["KFE"] for r in records)
    assert "known entities mentioned:" not in result.stdout  # only the review file on stdout


def test_ingest_never_touches_data_or_seeds(kg, tmp_path):
    before = tree_hash(ROOT / "data", ROOT / "seeds")
    for doc in (KO, EN, NONE):
        assert kg("ingest", doc, "-o", tmp_path / f"{doc.stem}.yaml").exit_code == 0
    for target in ("data/ingest-review.yaml", "data/drafts/ingest-review.yaml", "seeds/review.yaml"):
        result = kg("ingest", KO, "-o", ROOT / target)
        assert result.exit_code == 2 and "may not go into the" in result.stderr
        assert not (ROOT / target).exists()
    assert tree_hash(ROOT / "data", ROOT / "seeds") == before


def test_output_over_the_document_is_refused(kg, tmp_path):
    doc = tmp_path / "doc.txt"
    doc.write_text("과기정통부는 발표했다.", encoding="utf-8")
    result = kg("ingest", doc, "-o", doc)
    assert result.exit_code == 2 and "document being read" in result.stderr
    assert doc.read_text(encoding="utf-8") == "과기정통부는 발표했다."


# ------------------------------------------------------------------ no names, bad input


def test_document_with_no_known_names(kg, tmp_path):
    result = kg("ingest", NONE)
    assert result.exit_code == 0, result.stderr
    assert "no known entities mentioned" in result.stdout
    d = run_json(kg, NONE)
    assert d["mentions"] == [] and d["pairs"] == [] and d["candidates"] == [] and d["sentences"] == 4
    out = tmp_path / "none.yaml"
    assert kg("ingest", NONE, "-o", out).exit_code == 0
    assert yaml.safe_load(out.read_text(encoding="utf-8")) == []


def _assert_clean_failure(result, code, words):
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert words in result.stderr and result.stderr.startswith("kg: ")
    assert "Traceback" not in result.stdout + result.stderr


def test_missing_file(kg, tmp_path):
    _assert_clean_failure(kg("ingest", tmp_path / "nope.txt"), 2, "no such file")


def test_folder_instead_of_file(kg, tmp_path):
    _assert_clean_failure(kg("ingest", tmp_path), 2, "is a folder")


def test_non_utf8_file(kg, tmp_path):
    doc = tmp_path / "euc-kr.txt"
    doc.write_bytes("과기정통부는 아르곤국립연구소와 협력한다.".encode("cp949"))
    _assert_clean_failure(kg("ingest", doc), 2, "not UTF-8 text")


def test_binary_file(kg, tmp_path):
    doc = tmp_path / "blob.bin"
    doc.write_bytes(b"PK\x03\x04\x00\x00binary")
    _assert_clean_failure(kg("ingest", doc), 2, "binary")


def test_bad_input_leaves_an_existing_review_file_alone(kg, tmp_path):
    out = tmp_path / "review.yaml"
    out.write_text("# my curated notes\n", encoding="utf-8")
    _assert_clean_failure(kg("ingest", tmp_path / "nope.txt", "-o", out), 2, "no such file")
    assert out.read_text(encoding="utf-8") == "# my curated notes\n"


def test_unwritable_output_path(kg, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    _assert_clean_failure(kg("ingest", KO, "-o", blocker / "review.yaml"), 6, "cannot write")
    _assert_clean_failure(kg("ingest", KO, "-o", tmp_path), 6, "cannot write")  # a folder


def test_failed_write_never_damages_the_existing_file(kg, tmp_path, monkeypatch):
    out = tmp_path / "review.yaml"
    out.write_text("# my curated notes\n", encoding="utf-8")

    def disk_full(*_):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("graph.render.atomic.os.replace", disk_full)
    _assert_clean_failure(kg("ingest", KO, "-o", out), 6, "No space left on device")
    assert out.read_text(encoding="utf-8") == "# my curated notes\n"
    assert [p.name for p in tmp_path.iterdir()] == ["review.yaml"]  # no temporary file left


# ------------------------------------------------------------------ the library


def test_strip_particle_and_org_stem():
    assert strip_particle("한국원자력연구원이") == ("한국원자력연구원", "이")
    assert strip_particle("과학기술정보통신부와의") == ("과학기술정보통신부", "와의")
    assert org_stem("한국핵융합에너지연구원은") == "한국핵융합에너지연구원"
    assert org_stem("국가핵융합위원회에서") == "국가핵융합위원회"
    assert org_stem("서울대학교의") == "서울대학교"
    for word in ("정부는", "지원을", "수십억원을", "공원을", "국립연구소의", "선임연구원이"):
        assert org_stem(word) is None, word


def test_spaced_out_korean_names_are_one_candidate(ws):
    text = "한국 핵융합에너지 연구원은 실험을 시작했다. 한국핵융합에너지연구원과 정부는 연구원을 뽑았다."
    cands = ingest(ws, text, "t")["candidates"]
    assert [(c["label"], c["count"]) for c in cands] == [("한국 핵융합에너지 연구원", 2)]
    assert cands[0]["forms"] == ["한국 핵융합에너지 연구원은", "한국핵융합에너지연구원과"]


def test_split_sentences_keeps_text_verbatim():
    text = "□ 과기정통부는 발표했다. 한국원자력연구원이 참여한다!\n\n- The U.S. DOE agreed. Next?\n"
    assert split_sentences(text) == ["과기정통부는 발표했다.", "한국원자력연구원이 참여한다!",
                                     "The U.S. DOE agreed.", "Next?"]


def test_matcher_prefers_the_longest_name_and_needs_boundaries(ws):
    matcher = Matcher(ws.names.entries)

    def ids(sentence):
        return [(m.name.ids, sentence[m.start:m.stop]) for m in matcher.find(sentence)]

    assert ids("아르곤 국립연구소와 협력") == [(("anl",), "아르곤 국립연구소와")]
    assert ids("아르곤국립연구소는") == [(("anl",), "아르곤국립연구소는")]
    assert ids("미국산 제품") == []  # a word goes on after 미국: not a mention
    assert ids("let us see the doe and the anl") == []  # acronyms match in capitals only
    assert ids("US and DOE") == [(("us",), "US"), (("doe",), "DOE")]
    assert ids("아르곤이 가까운 아르고네") == [(("anl",), "아르곤이")]


def test_library_result_is_plain_data(ws):
    text = KO.read_text(encoding="utf-8")
    result = ingest(ws, text, "fusion-news-ko")
    assert json.loads(json.dumps(result, ensure_ascii=False)) == result
    assert set(result) == {"document", "sentences", "characters", "mentions", "ambiguous", "candidates", "pairs"}


def test_document_name_uses_the_catalogue_for_seeds(project):
    seed = next(project.seeds.glob("000_*.txt"))
    assert document_name(project, seed) == "s000"
    assert document_name(project, KO) == "fusion-news-ko"

"""Evidence that states the fact (issue 14), on the real data.

Each relation cites its own sentence; reference lines are marked and shown
after body sentences; seed errors are corrected with a public page while the
seed's claim stays findable; the models the audit found wrong are mended;
the missing items are there; names cannot be misread; posts carry titles.
"""

import json

import pytest

from graph.source.checks import check_records
from graph.source.documents import Catalogue
from graph.source.evidence import line_kinds
from graph.source.records import load_records


def show(kg, entity, *args):
    result = kg("show", entity, "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def relations(d, relation, direction="out"):
    return [r for r in d["relations"] if r["relation"] == "kg:" + relation and r["direction"] == direction]


@pytest.fixture(scope="module")
def records(project):
    records, malformed = load_records(project.data_files())
    assert not malformed
    return {r.id: r for r in records}


# -- one relation, its own sentence -------------------------------------------------

def test_no_relation_inherits_several_different_record_quotes(project, records):
    catalogue = Catalogue.load(project.catalogue_file)
    problems = [p for p in check_records(list(records.values()), catalogue, evidence=True)
                if "has no sources of its own" in p.message]
    assert problems == []


def test_stats_reports_relations_with_their_own_citation_beside_cited(kg):
    manifest = json.loads(kg("stats", "--format", "json").stdout)
    assert manifest["relations"] > 800
    own = manifest["relations_own_citation"] / manifest["relations"]
    assert 0.6 < own < 1.0  # a relation with a single record quote may still inherit it
    text = kg("stats").stdout
    assert f"relations {manifest['relations']}, with a citation of their own {manifest['relations_own_citation']}" in text
    assert f"facts resting only on reference lines {manifest['reference_only']}" in text


def test_genesis_mission_leader_is_cited_by_the_sentence_that_names_doe_its_commander(kg):
    led = [r for r in relations(show(kg, "Genesis Mission"), "leads", "in") if r["other"]["id"] == "doe"][0]
    assert all("1977" not in s["quote"] for s in led["sources"])
    assert any("총지휘관" in s["quote"] or "주도하는" in s["quote"] for s in led["sources"])


def test_the_order_establishes_the_mission_by_a_sentence_that_says_so(kg):
    d = show(kg, "genesis-eo")
    est = [r for r in relations(d, "establishes") if r["other"]["id"] == "genesis-mission"][0]
    assert any("공식 발표" in s["quote"] for s in est["sources"])
    assert all("그 프로젝트의 이름은" not in s["quote"] for s in est["sources"])


# -- evidence kinds ---------------------------------------------------------------------

def test_reference_list_lines_of_seed_000_are_told_from_its_body(project):
    text = (project.seeds / "000_c6bfd3da700b3aac.txt").read_text(encoding="utf-8")
    kinds = dict(zip(text.split("\n"), line_kinds(text)))
    assert kinds['- [행정명령] "Launching the Genesis Mission" (백악관, 2025.11.24.).'] == "reference"
    body = next(line for line in kinds if line.startswith("  - 1988년 미·일 과학기술협력협정 체결 이후"))
    assert kinds[body] is None


def test_compare_cites_the_1988_agreement_by_its_body_sentence(kg):
    result = kg("compare", "Japan", "Korea", "--to", "Genesis Mission")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if "1988-06-20  Agreement between the Government of Japan" in line)
    assert "1988년 미·일 과학기술협력협정 체결 이후 세 차례 갱신·연장" in lines[at + 1]
    assert "Agreement on Cooperation in Research and Development" not in lines[at + 1]


def test_show_puts_body_sentences_before_reference_lines(kg):
    d = show(kg, "us-japan-st-agreement")
    kinds = [bool(s.get("kind")) for s in d["facts"]["date"]["sources"]]
    assert kinds == sorted(kinds) and kinds[-1] and not kinds[0]


def test_a_fact_resting_only_on_a_reference_line_says_so(kg):
    d = show(kg, "us-japan-tpd")
    party = [r for r in relations(d, "party") if r["other"]["id"] == "japan"][0]
    assert party["reference_only"] is True
    text = kg("show", "us-japan-tpd").stdout
    assert "(reference)" in text and "[reference line only]" in text


# -- seed errors corrected, the seed's claim findable -----------------------------------

def test_the_orders_60_day_task_is_the_challenges_and_the_90_day_task_the_computing(kg):
    sixty, ninety = show(kg, "genesis-eo-60d"), show(kg, "genesis-eo-90d")
    assert "at least 20 national science and technology challenges" in sixty["labels"]["en"]
    assert "computing" in ninety["labels"]["en"]
    for d in (sixty, ninety):
        assert d["sources"][0]["outside_seeds"] and "akingump.com" in d["sources"][0]["document"]
    claim = sixty["facts"]["seedClaim"]
    assert claim["sources"] == [{"document": "s000", "quote": "90일 이내 20개 이상의 국가 과학기술 과제 선정"}]
    assert "90 days" in claim["values"]["en"]
    assert "  the seed says: The report's Table 1" in kg("show", "genesis-eo-60d").stdout
    assert "  시드 문서의 주장: 보고서 표 1은" in kg("show", "genesis-eo-60d", "--lang", "ko").stdout


def test_the_orders_milestones_are_on_the_timeline_with_their_due_dates(kg):
    events = json.loads(kg("timeline", "--format", "json", "--from", "2026-01", "--to", "2026-09").stdout)["events"]
    due = {e["entity"]["id"]: e["date"] for e in events if e["entity"]["id"].startswith("genesis-eo-")}
    assert due == {"genesis-eo-60d": "2026-01-23", "genesis-eo-90d": "2026-02-22", "genesis-eo-120d": "2026-03-24",
                   "genesis-eo-240d": "2026-07-22", "genesis-eo-270d": "2026-08-21"}


def test_the_designation_is_dated_january_2025_with_the_seeds_march_kept(kg):
    d = show(kg, "us-sensitive-country-designation-korea")
    assert d["facts"]["date"]["value"] == "2025-01"
    assert "hani.co.kr" in d["facts"]["date"]["sources"][0]["document"]
    assert "2025년 3월 '민감국가' 지정" in d["facts"]["seedClaim"]["sources"][0]["quote"]
    effective = show(kg, "us-sensitive-country-designation-korea-effective")
    assert effective["facts"]["date"]["value"] == "2025-04-15"


def test_big_fund_iii_reads_344_billion_yuan_with_the_seeds_figure_kept(kg):
    d = show(kg, "Big Fund III")
    assert d["facts"]["amount"]["values"]["en"].startswith("344 billion yuan")
    assert d["facts"]["amount"]["sources"][0]["outside_seeds"]
    assert "344억 위안" in d["facts"]["seedClaim"]["sources"][0]["quote"]


# -- modelling mended -------------------------------------------------------------------

def test_k_moonshot_lists_no_meeting_among_its_parts(kg):
    parts = relations(show(kg, "K-Moonshot"), "partOf", "in")
    assert parts and all("Meeting" not in r["other"]["label"] for r in parts)
    report = show(kg, "K-문샷 추진현황 보고")
    assert [r["other"]["id"] for r in relations(report, "concerns")] == ["k-moonshot"]


def test_k_moonshot_missions_carry_no_number_the_program_never_gave(records):
    missions = [r for r in records.values() if r.id.startswith("kmoonshot-") and r.type == "Mission"]
    assert len(missions) == 12 and all("number" not in r.fields for r in missions)
    assert records["genesis-10"].get("number") == 10


def test_the_dsa_concerns_no_company_its_inspection_does(kg):
    assert relations(show(kg, "Digital Services Act"), "concerns") == []
    check = show(kg, "eu-dsa-minor-protection-check-2025")
    assert {r["other"]["id"] for r in relations(check, "concerns")} == {"eu-dsa", "snap", "google", "apple"}


def test_huawei_roadmap_uses_none_of_the_systems_it_announces(kg):
    assert relations(show(kg, "huawei-ascend-roadmap"), "uses") == []
    assert [r["other"]["id"] for r in relations(show(kg, "atlas-950-superpod"), "develops", "in")] == ["huawei"]


def test_the_recommended_joint_committee_is_a_proposal(kg):
    d = show(kg, "한미 과학기술 연석회의")
    assert d["facts"]["status"]["value"] == "proposed"
    assert all(r.get("status") == "proposed" for r in relations(d, "participant"))


def test_the_24_company_partnership_is_one_record_the_mou(records):
    assert "genesis-industry-partnership" not in records
    assert "24개 민간 연합군" in records["genesis-industry-mou"].get("aliases")


# -- the missing items and the names ----------------------------------------------------

@pytest.mark.parametrize("query, expected", [
    ("AlphaFold", "alphafold"), ("prosecution service", "korea-prosecution-service"),
    ("K-AI full-stack", "k-ai-full-stack"), ("K-Moonshot progress report", "kmoonshot-progress-report")])
def test_search_finds_the_items_the_audit_found_missing(kg, query, expected):
    results = json.loads(kg("search", query, "--format", "json").stdout)["results"]
    assert results[0]["id"] == expected


def test_the_missing_ties_are_cited(kg):
    kaia = relations(show(kg, "korea-ai-association"), "supervisedBy")
    assert [r["other"]["id"] for r in kaia] == ["msit"] and "주무부처" in kaia[0]["sources"][0]["quote"]
    council = {r["other"]["id"] for r in relations(show(kg, "narcotics-countermeasures-council"), "memberOf", "in")}
    assert "korea-prosecution-service" in council
    nfi = relations(show(kg, "Next Frontier Initiative"), "modelledOn")
    assert [r["other"]["id"] for r in nfi] == ["k-moonshot"]
    assert "60조 원" in show(kg, "nst-rd-program")["facts"]["amount"]["values"]["ko"]


def test_no_us_body_has_a_bare_korean_name(records):
    bare = []
    for r in records.values():
        us = any(x.get("p") == "basedIn" and x.get("o") == "us" for x in r.get("relations") or [])
        if us and r.type in ("Agency", "Organization"):
            ko = r.get("label")["ko"]
            # the White House, KSEA (재미…) and the Genesis consortium say whose they are by their own names
            if not (ko.startswith("미국") or ko.isascii() or ko.split()[0] in ("백악관", "재미한인과학기술자협회", "제네시스", "KAIN")):
                bare.append((r.id, ko))
    assert bare == []


def test_people_have_full_names_and_seed_typos_stay_aliases(records):
    assert records["donald-trump"].get("label")["ko"] == "도널드 트럼프"
    assert "트럼프" in records["donald-trump"].get("aliases")
    assert records["leslie-groves"].get("label")["ko"] == "레슬리 그로브스"
    turing = records["alan-turing-institute"]
    assert "Aland" not in turing.get("label")["ko"] and "Aland Turing Institute" in turing.get("aliases")
    assert records["nist-ai-rmf"].get("label")["ko"] == "AI 위험관리 프레임워크"
    assert "ROK" in records["korea"].get("aliases") and "기후부" in records["korea-mcee"].get("aliases")


# -- posts with titles -----------------------------------------------------------------

def test_show_prints_chris_wrights_title_on_the_relation_line(kg):
    text = kg("show", "Chris Wright").stdout
    assert "→ is Secretary of Energy at United States Department of Energy (doe)" in text
    assert "에너지부 장관 직을 맡음" in kg("show", "Chris Wright", "--lang", "ko").stdout
    assert "← has Chris Wright (chris-wright) as Secretary of Energy" in kg("show", "doe").stdout


def test_a_posts_date_stays_on_the_post_not_the_person(kg):
    d = show(kg, "anthony-albanese")
    assert "date" not in d["facts"]
    post = relations(d, "postIn")[0]
    assert post["date"] == "2025" and post["title"]["en"] == "Prime Minister of Australia"
    assert "is Prime Minister of Australia at Australia (australia) [2025]" in kg("show", "anthony-albanese").stdout


def test_the_named_query_lists_exactly_the_reference_only_facts_stats_counts(kg):
    manifest = json.loads(kg("stats", "--format", "json").stdout)
    rows = json.loads(kg("sparql", "--name", "reference-only-facts", "--format", "json").stdout)["results"]["bindings"]
    assert len(rows) == manifest["reference_only"] > 0
    assert {r["kind"]["value"] for r in rows} <= {"reference", "contents", "caption", "source-line"}


def test_timeline_shows_a_body_sentence_before_the_reference_line_that_writes_the_day(kg):
    events = json.loads(kg("timeline", "--format", "json", "--from", "1988", "--to", "1988").stdout)["events"]
    st = next(e for e in events if e["entity"]["id"] == "us-japan-st-agreement")
    assert "kind" not in st["sources"][0] and st["sources"][-1]["kind"] == "reference"

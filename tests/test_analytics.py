"""Policy analytics on the real graph: compare, timeline, connectivity, --as-of views."""

import json
from html.parser import HTMLParser

import networkx as nx
import pytest

from graph.network.channels import connectivity, short_channels
from graph.source.documents import Catalogue
from graph.network.sides import homes, side


@pytest.fixture(scope="module")
def catalogue(project):
    return Catalogue.load(project.catalogue_file)


def run_json(kg, *args):
    result = kg(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def cited(src, catalogue, project):
    """A source is either a seed quote found verbatim or an outside URL marked as such."""
    if src is None:
        return False
    if src.get("outside_seeds"):
        return src["document"].startswith("https://")
    return catalogue[src["document"]].contains(project.seeds, src["quote"])


@pytest.fixture(scope="module")
def japan_korea(request):
    from click.testing import CliRunner

    from graph.cli import main

    out = CliRunner().invoke(main, ["compare", "Japan", "Korea", "--to", "Genesis Mission", "--format", "json"])
    assert out.exit_code == 0, out.stderr
    return json.loads(out.stdout)


# --- compare -----------------------------------------------------------------

def test_compare_japan_has_more_agreements_with_the_genesis_side_than_korea(japan_korea):
    japan, korea = japan_korea["sides"]
    assert japan["entity"]["id"] == "japan" and korea["entity"]["id"] == "korea"
    assert japan["agreements"]["count"] > korea["agreements"]["count"]
    ids = {a["id"] for a in japan["agreements"]["items"]}
    assert {"us-japan-st-agreement", "mext-doe-hpc-ai-arrangement", "us-japan-genesis-soi"} <= ids
    assert {"us-korea-st-agreement", "tpd"} <= {a["id"] for a in korea["agreements"]["items"]}
    assert japan["agreements"]["oldest"]["date"] == "1988-06-20"
    assert korea["agreements"]["oldest"]["date"] == "1976"


def test_compare_finds_japans_standing_centre_at_a_doe_lab_and_koreas_lack_of_one(japan_korea):
    japan, korea = japan_korea["sides"]
    assert [(i["id"], i["host"]["id"]) for i in japan["institutions"]] == [("rbrc", "bnl")]
    assert korea["institutions"] == []
    proposed = {i["id"] for i in korea["proposed_institutions"]}
    assert {"k-rbrc", "kaist-bnl-center", "postech-anl-center"} <= proposed
    assert all(i["status"] == "proposed" for i in korea["proposed_institutions"])
    lacks = [c for c in japan_korea["contrasts"] if c["what"] == "standing institution"]
    assert lacks and lacks[0]["has"] == "japan" and lacks[0]["lacks"] == "korea"


def test_compare_counts_each_sides_channels_and_names_their_brokers(japan_korea):
    for s in japan_korea["sides"]:
        assert s["channels"]["count"] == len(s["channels"]["paths"]) > 0
        inner = [n["id"] for p in s["channels"]["paths"] for n in p["nodes"][1:-1]]
        assert len(inner) == len(set(inner)), "channels must share no intermediate node"
        assert {b["id"] for b in s["brokers"]} == set(inner)
        assert s["hops"] == min(p["hops"] for p in s["channels"]["paths"])
    japan, korea = japan_korea["sides"]
    assert japan["hops"] < korea["hops"]


def test_compare_cites_every_agreement_institution_lab_and_contrast(japan_korea, catalogue, project):
    for s in japan_korea["sides"]:
        items = (s["agreements"]["items"] + s["institutions"] + s["proposed_institutions"] + s["labs_reached"])
        for item in items:
            assert cited(item["source"], catalogue, project), item["id"]
    for c in japan_korea["contrasts"]:
        if c["what"] not in ("more agreements", "more channels"):
            assert cited(c["source"], catalogue, project), c["text"]


def test_compare_text_puts_a_citation_under_every_listed_item(kg):
    out = kg("compare", "Japan", "Korea", "--to", "Genesis Mission").stdout
    lines = out.splitlines()
    items = [i for i, line in enumerate(lines) if line.startswith("  - ") and "→" not in line]
    assert items
    for i in items:
        assert lines[i + 1].strip().startswith("["), lines[i]
    assert "RIKEN BNL Research Center @ Brookhaven National Laboratory" in out
    assert "has none in force" in out


def test_compare_as_of_mid_2025_drops_the_later_agreements(kg):
    data = run_json(kg, "compare", "Japan", "Korea", "--to", "Genesis Mission", "--as-of", "2025-06-01")
    japan, korea = data["sides"]
    assert not data["target_in_force"]
    assert {a["id"] for a in japan["agreements"]["items"]} == {"us-japan-st-agreement", "mext-doe-hpc-ai-arrangement"}
    assert "tpd" not in {a["id"] for a in korea["agreements"]["items"]}
    assert korea["channels"]["count"] == 0 and korea["hops"] is None


def test_compare_in_korean_uses_korean_labels(kg):
    out = kg("compare", "일본", "한국", "--to", "제네시스 미션", "--lang", "ko").stdout
    assert out.startswith("제네시스 미션에 대한 일본·한국 비교")
    assert "목표 측과 맺은 협정" in out and "RIKEN-BNL 공동연구센터" in out


def test_compare_draws_an_offline_map(kg, tmp_path):
    out = tmp_path / "cmp.html"
    result = kg("compare", "Japan", "Korea", "--to", "Genesis Mission", "-o", out)
    assert result.exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert "<script src=" not in page and "RIKEN BNL Research Center" in page and '"bnl"' in page


@pytest.mark.parametrize("args, message", [
    (["Japan", "Japan", "--to", "Genesis Mission"], "three different entities"),
    (["Japan", "Koreaa", "--to", "Genesis Mission"], "did you mean"),
    (["Japan", "Korea", "--to", "Genesis Mission", "--as-of", "2025-13-01"], "not a date"),
    (["RIKEN BNL Research Center", "Korea", "--to", "Genesis Mission", "--as-of", "1990"], "not in force"),
])
def test_compare_bad_input_exits_2_with_a_message(kg, args, message):
    result = kg("compare", *args)
    assert result.exit_code == 2 and message in result.stderr and "Traceback" not in result.stderr


# --- sides -------------------------------------------------------------------

def test_home_country_climbs_part_of_and_leads(built):
    from graph.workspace import Workspace

    g = Workspace().network
    h = homes(g)
    assert h["rbrc"] == "japan"  # part of RIKEN, based in Japan
    assert h["anl"] == "us" and h["genesis-07"] == "us"  # a mission belongs where its program's leader is
    assert h["tpd"] is None  # agreements tie sides, they belong to none
    assert {"doe", "anl", "genesis-mission", "genesis-01"} <= side(g, "genesis-mission")


# --- timeline ----------------------------------------------------------------

def test_timeline_lists_events_in_date_order_with_precision(kg):
    data = run_json(kg, "timeline", "--actor", "Japan")
    dates = [e["date"] for e in data["events"]]
    assert dates[0] == "1988-06-20"
    starts = [d + "-01" * (2 - d.count("-")) for d in dates]
    assert starts == sorted(starts)
    by_id = {e["entity"]["id"]: e for e in data["events"]}
    assert by_id["us-japan-genesis-soi"]["precision"] == "month"
    assert by_id["us-japan-st-agreement"]["precision"] == "day"
    assert by_id["rbrc"]["precision"] == "year" and by_id["rbrc"]["date"] == "1997"


def test_timeline_cites_the_source_that_writes_the_date(kg, catalogue, project):
    data = run_json(kg, "timeline", "--from", "2025-10", "--to", "2025-10")
    assert data["events"]
    for e in data["events"]:
        assert e["date"].startswith("2025-10") or e["date"] == "2025"
        assert cited(e["sources"][0], catalogue, project)
    tpd = next(e for e in data["events"] if e["entity"]["id"] == "tpd")
    assert "2025" in tpd["sources"][0]["quote"]


def test_timeline_range_keeps_coarse_dates_that_overlap(kg):
    data = run_json(kg, "timeline", "--from", "1997-06-01", "--to", "1997-06-30")
    assert [e["entity"]["id"] for e in data["events"]] == ["rbrc"]  # "1997" overlaps June 1997


def test_timeline_reports_undated_items_instead_of_guessing(kg):
    data = run_json(kg, "timeline", "--actor", "RIKEN")
    assert "riken-bnl-collaboration" in data["undated"]
    assert all(e["date"] for e in data["events"])


def test_timeline_of_an_empty_range_says_so(kg):
    result = kg("timeline", "--from", "1900", "--to", "1901")
    assert result.exit_code == 0 and "no dated events" in result.stdout


def test_timeline_html_escapes_and_is_self_contained(kg, tmp_path):
    out = tmp_path / "t.html"
    assert kg("timeline", "--actor", "Korea", "-o", out).exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert "default-src 'none'" in page
    assert "한미 기술번영 양해각서" in page or "Technology Prosperity Deal" in page

    class Text(HTMLParser):
        tags = []

        def handle_starttag(self, tag, attrs):
            self.tags.append((tag, dict(attrs)))

    parser = Text()
    parser.feed(page)
    scripts = [attrs for tag, attrs in parser.tags if tag == "script"]
    assert not any("src" in attrs for attrs in scripts)  # the page's own scripts only, nothing loaded
    assert [a.get("type") for a in scripts] == ["application/json", "application/json", None]  # data, font, code
    data = page.split('id="kg-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in data and ">" not in data  # text from the data cannot close the block
    assert {tag for tag, _ in parser.tags} <= {"html", "head", "meta", "title", "style", "body", "header", "h1",
                                               "h2", "div", "label", "input", "select", "option", "span", "main",
                                               "section", "ul", "script"}


def test_timeline_unwritable_output_exits_6_and_keeps_nothing(kg, tmp_path):
    result = kg("timeline", "-o", tmp_path / "missing" / "t.html")
    assert result.exit_code == 6 and "cannot write" in result.stderr


# --- connectivity ------------------------------------------------------------

def test_connectivity_menger_counts_equal_the_cut_sizes(kg):
    data = run_json(kg, "connectivity", "Korea", "ANL")
    assert data["connected"] and not data["adjacent"]
    assert data["node_independent_paths"] == len(data["minimum_node_cut"]) > 1
    assert data["edge_independent_paths"] == len(data["minimum_edge_cut"])
    assert all(e["sources"] for e in data["minimum_edge_cut"])


def test_connectivity_as_of_before_the_tpd_is_weaker(kg):
    now = run_json(kg, "connectivity", "Korea", "United States")
    before = run_json(kg, "connectivity", "Korea", "United States", "--as-of", "2025-06-01")
    assert before["node_independent_paths"] < now["node_independent_paths"]


def test_connectivity_of_disconnected_parts_says_so(kg):
    result = kg("connectivity", "Korea", "Taiwan")
    assert result.exit_code == 0 and "not connected" in result.stdout


def test_connectivity_of_directly_linked_entities_has_no_node_cut(kg):
    data = run_json(kg, "connectivity", "RIKEN", "Japan")
    assert data["adjacent"] and data["minimum_node_cut"] is None and data["node_independent_paths"] >= 1


def test_channels_and_cuts_on_synthetic_graphs():
    g = nx.Graph([("a", "x"), ("x", "b"), ("a", "y"), ("y", "b"), ("a", "z"), ("z", "w"), ("w", "q"), ("q", "b")])
    g.add_edge("p", "r")  # a separate part
    assert len(short_channels(g, "a", "b", max_hops=2)) == 2
    assert len(short_channels(g, "a", "b", max_hops=4)) == 3
    assert short_channels(g, "a", "p") == []
    r = connectivity(g, "a", "b")
    assert (r["node_independent"], r["edge_independent"]) == (3, 3)
    h = g.copy()
    h.remove_nodes_from(r["node_cut"])
    assert not nx.has_path(h, "a", "b")
    assert connectivity(g, "a", "p")["connected"] is False
    g.add_edge("a", "b")
    r = connectivity(g, "a", "b")
    assert r["adjacent"] and r["node_cut"] is None and r["node_independent"] == 4


# --- --as-of on centrality ---------------------------------------------------

def test_centrality_as_of_leaves_out_what_came_later(kg):
    now = {r["id"] for r in run_json(kg, "centrality", "--type", "Agreement", "--top", "100")["results"]}
    before = {r["id"] for r in run_json(kg, "centrality", "--type", "Agreement", "--top", "100",
                                        "--as-of", "2025-06-01")["results"]}
    assert "tpd" in now and "tpd" not in before
    assert "us-japan-st-agreement" in before


def test_compare_figure_follows_the_output_suffix(kg, tmp_path):
    out = tmp_path / "cmp.png"
    assert kg("compare", "Japan", "Korea", "--to", "Genesis Mission", "-o", out).exit_code == 0
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert kg("compare", "Japan", "Korea", "--to", "Genesis Mission", "-o", tmp_path / "cmp.pdf").exit_code == 2


# --- compare counts real ties once ------------------------------------------------

@pytest.fixture(scope="module")
def japan_korea_2026(request):
    from click.testing import CliRunner

    from graph.cli import main

    out = CliRunner().invoke(main, ["compare", "Japan", "Korea", "--to", "Genesis Mission", "--as-of", "2026-06-01",
                                    "--format", "json"])
    assert out.exit_code == 0, out.stderr
    return json.loads(out.stdout)


def test_korea_has_exactly_two_agreements_with_the_genesis_side(japan_korea_2026):
    korea = japan_korea_2026["sides"][1]
    assert [a["id"] for a in korea["agreements"]["items"]] == ["us-korea-st-agreement", "tpd"]
    assert korea["agreements"]["count"] == 2


def test_an_mou_with_a_company_taking_part_is_no_tie_to_the_program(japan_korea_2026):
    assert "google-deepmind" not in japan_korea_2026["target_side"]
    assert "us" not in japan_korea_2026["target_side"]
    assert {"doe", "anl", "bnl", "genesis-mission"} <= set(japan_korea_2026["target_side"])


def test_japans_genesis_partnership_counts_once_with_its_faces(japan_korea_2026):
    japan = japan_korea_2026["sides"][0]
    ids = [a["id"] for a in japan["agreements"]["items"]]
    assert ids.count("us-japan-genesis-soi") == 1
    soi = next(a for a in japan["agreements"]["items"] if a["id"] == "us-japan-genesis-soi")
    assert {f["id"] for f in soi["faces"]} >= {"us-japan-genesis-collaboration", "japan/participation/genesis-mission"}
    faces = {f["id"] for a in japan["agreements"]["items"] for f in a["faces"]}
    assert not faces & set(ids), "a face is never counted as an agreement of its own"
    inner = [n["id"] for p in japan["channels"]["paths"] for n in p["nodes"][1:-1]]
    assert not faces & set(inner), "channels pass a tie once, through its representative"


def test_no_channel_reaches_a_lab_through_a_country(japan_korea_2026):
    for s in japan_korea_2026["sides"]:
        for p in s["channels"]["paths"]:
            assert all(n["type"] != "kg:Country" for n in p["nodes"][1:-1]), p


def test_the_lack_of_an_agreement_about_genesis_is_a_cited_contrast(japan_korea_2026, catalogue, project):
    found = [c for c in japan_korea_2026["contrasts"] if c["what"] == "agreement about the target"]
    assert [(c["has"], c["lacks"]) for c in found] == [("japan", "korea")]
    assert cited(found[0]["source"], catalogue, project)


def test_korean_compare_says_its_contrasts_kinds_and_levels_in_korean(kg):
    out = kg("compare", "Japan", "Korea", "--to", "Genesis Mission", "--as-of", "2026-06-01", "--lang", "ko").stdout
    findings = [line for line in out.splitlines() if line.startswith("  * ")]
    assert findings and not any(w in line for line in findings for w in (" has ", " reaches ", "predates"))
    assert "  * 목표 측과 이어진 협정: 일본 4건, 한국 2건" in findings
    assert "(협정, 정부, 연장)" in out and "한국은 없음" in out

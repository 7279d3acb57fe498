"""kg show, kg search and kg centrality on the real graph, with the SPEC §4 JSON shapes."""

import json

import pytest


def run_json(kg, *args):
    result = kg(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_show_json_shape_and_content(kg):
    d = run_json(kg, "show", "과기정통부")
    assert set(d) >= {"id", "type", "labels", "aliases", "relations", "sources"}
    assert d["id"] == "msit" and d["type"] == "kg:Agency"
    assert d["labels"] == {"en": "Ministry of Science and ICT", "ko": "과학기술정보통신부"}
    assert "MSIT" in d["aliases"]
    for r in d["relations"]:
        assert r["direction"] in ("out", "in") and r["relation"].startswith("kg:")
        assert set(r["other"]) >= {"id", "label", "type"} and r["sources"]
    assert any(r["relation"] == "kg:party" and r["direction"] == "in" for r in d["relations"])


def test_show_lists_posts_and_dates(kg):
    d = run_json(kg, "show", "Chris Wright")
    assert any(r["relation"] == "kg:postIn" and r["other"]["id"] == "doe" for r in d["relations"])
    tpd = run_json(kg, "show", "TPD")
    assert tpd["facts"]["date"]["value"] == "2025-10-29"
    assert tpd["facts"]["status"]["value"] == "signed"


def test_show_text_cites(kg):
    out = kg("show", "RBRC").stdout
    assert "RIKEN BNL Research Center" in out and "is hosted by Brookhaven National Laboratory" in out


def test_search_ranks_exact_alias_first_in_both_languages(kg):
    d = run_json(kg, "search", "argonne")
    assert d["query"] == "argonne" and d["results"][0]["id"] == "anl"
    assert set(d["results"][0]) >= {"id", "label", "type", "score"}
    assert run_json(kg, "search", "문부과학성")["results"][0]["id"] == "mext"


def test_search_type_filter(kg):
    d = run_json(kg, "search", "national laboratory", "--type", "Lab", "--limit", "30")
    assert d["results"] and all(r["type"] == "kg:Lab" for r in d["results"])


@pytest.mark.parametrize("measure", ["degree", "betweenness", "closeness", "pagerank", "eigenvector"])
def test_centrality_json_sorted_highest_first(kg, measure):
    d = run_json(kg, "centrality", "--measure", measure, "--top", "15")
    assert d["measure"] == measure and len(d["results"]) == 15
    scores = [r["score"] for r in d["results"]]
    assert scores == sorted(scores, reverse=True)
    assert all(set(r) >= {"id", "label", "type", "score"} for r in d["results"])


def test_centrality_type_filter_includes_subclasses(kg):
    d = run_json(kg, "centrality", "--type", "Organization", "--top", "50")
    assert {r["type"] for r in d["results"]} <= {"kg:Agency", "kg:Lab", "kg:Company", "kg:University", "kg:Organization"}
    assert "doe" in {r["id"] for r in d["results"]}

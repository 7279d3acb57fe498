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


def test_centrality_top_twenty_holds_no_proposal_and_no_single_news_item_in_the_top_ten(kg):
    d = run_json(kg, "centrality", "--top", "20")
    assert d["network"] == "cooperation"
    assert all(r["status"] not in {"proposed", "planned", "under-review"} for r in d["results"])
    top10 = {r["id"] for r in d["results"][:10]}
    assert not top10 & {"eu-dsa", "apple"}
    assert all(r["type"] not in {"kg:Agreement", "kg:Instrument", "kg:Participation"} for r in d["results"])


def test_centrality_whole_network_keeps_the_old_ranking(kg):
    whole = run_json(kg, "centrality", "--network", "whole", "--top", "30")
    assert whole["network"] == "whole"
    assert any(r["type"] in {"kg:Agreement", "kg:Instrument", "kg:Collaboration"} for r in whole["results"])
    cooperation = run_json(kg, "centrality", "--top", "30")
    assert [r["id"] for r in whole["results"]] != [r["id"] for r in cooperation["results"]]


def test_centrality_marks_status_in_text_and_csv(kg):
    out = kg("centrality", "--network", "whole", "--top", "600", "--lang", "ko").stdout
    assert "[제안]" in out and "[proposed]" not in out
    csv_out = kg("centrality", "--network", "whole", "--top", "600", "--format", "csv").stdout
    assert csv_out.splitlines()[0] == "rank,id,label,type,score,status" and ",proposed" in csv_out


def test_centrality_scores_are_rounded_to_fixed_significant_digits():
    import networkx as nx

    from graph.network.centrality import DIGITS, compute_all

    g = nx.Graph(nx.les_miserables_graph().edges())  # unweighted
    shuffled = nx.Graph()  # the same graph built in another order: floating-point sums differ in the last bits
    shuffled.add_nodes_from(reversed(list(g)))
    shuffled.add_edges_from((b, a) for a, b in reversed(list(g.edges())))
    first, second = compute_all(g), compute_all(shuffled)
    for measure in first:
        assert first[measure] == second[measure]
        assert all(float(f"{v:.{DIGITS}g}") == v for v in first[measure].values())


def test_show_marks_the_status_of_the_other_end_in_the_readers_language(kg):
    d = run_json(kg, "show", "ANL")
    krbrc = [r for r in d["relations"] if r["other"]["id"] == "k-rbrc"]
    assert krbrc and krbrc[0]["other"]["status"] == "proposed"
    en = kg("show", "ANL").stdout
    assert "(k-rbrc) [proposed]" in en
    ko = kg("show", "ANL", "--lang", "ko").stdout
    assert "(k-rbrc, 제안)" in ko and "proposed" not in ko


def test_timeline_marks_planned_relations_in_korean(kg):
    d = run_json(kg, "timeline")
    planned = [e for e in d["events"] if e["kind"].startswith("relation") and e["status"] == "planned"]
    assert planned
    ko = kg("timeline", "--lang", "ko").stdout
    assert "[관계 (계획)]" in ko and "(planned)" not in ko


def test_search_finds_the_us_japan_agreement_from_its_description(kg):
    d = run_json(kg, "search", "US-Japan Science and Technology Cooperation Agreement")
    assert d["results"][0]["id"] == "us-japan-st-agreement"


def test_search_filters_by_type_before_the_limit(kg):
    d = run_json(kg, "search", "korea", "--type", "Lab", "--limit", "5")
    assert len(d["results"]) >= 3 and all(r["type"] == "kg:Lab" for r in d["results"])
    assert {"kaeri", "kist"} <= {r["id"] for r in d["results"]}


@pytest.mark.parametrize("query, want", [("한미과학기술협력협정", "us-korea-st-agreement"), ("아르곤의", "anl"),
                                         ("Department of Energy", "doe"), ("argone", "anl")])
def test_search_handles_korean_without_spaces_particles_acronyms_and_typos(kg, query, want):
    assert run_json(kg, "search", query)["results"][0]["id"] == want


def test_did_you_mean_uses_the_search_ranking(kg):
    result = kg("show", "US Japan science technology agreement")
    assert result.exit_code == 2 and "did you mean" in result.stderr
    assert "(us-japan-st-agreement)" in result.stderr.split("did you mean")[1].split(",")[0]


def test_korean_show_says_each_relation_as_a_korean_sentence_with_its_status(kg):
    out = kg("show", "K-RBRC", "--lang", "ko").stdout
    assert "관계 (6)" in out and "별칭:" in out and "상태: 제안" in out
    assert "한국형 상설 공동연구센터의 후보 설치기관은 아르곤 국립연구소임  (anl)" in out
    assert "KAIST-BNL 센터의 본보기임  (kaist-bnl-center, 제안)" in out
    assert "candidate host" not in out and "relations" not in out

"""kg path: cited, explained paths; dates, filters, names and the no-path case."""

import json

import pytest

from graph.source.documents import Catalogue


@pytest.fixture(scope="module")
def catalogue(project):
    return Catalogue.load(project.catalogue_file)


def path_json(kg, *args):
    result = kg("path", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def all_seed_cited(path, catalogue, project):
    return all(e["sources"] and any(
        s.get("quote") and s["document"] in catalogue and catalogue[s["document"]].contains(project.seeds, s["quote"])
        for s in e["sources"]) for e in path["edges"])


@pytest.mark.parametrize("source, target", [("Korea", "ANL"), ("한국", "아르곤")])
def test_korea_reaches_anl_in_three_hops_with_every_hop_cited_from_a_seed(kg, catalogue, project, source, target):
    data = path_json(kg, source, target)
    assert data["from"]["id"] == "korea" and data["to"]["id"] == "anl"
    good = [p for p in data["paths"] if p["hops"] <= 3 and all_seed_cited(p, catalogue, project)]
    assert good, "no path of at most 3 hops cites a seed quote at every hop"


def test_json_has_the_spec_shape(kg):
    data = path_json(kg, "Korea", "ANL", "--k", "2")
    assert set(data) >= {"from", "to", "paths"}
    assert set(data["from"]) >= {"id", "label", "type"} and data["to"]["type"] == "kg:Lab"
    for p in data["paths"]:
        assert p["hops"] == len(p["edges"]) == len(p["nodes"]) - 1
        assert all(set(n) >= {"id", "label", "type"} for n in p["nodes"])
        for e in p["edges"]:
            assert set(e) >= {"source", "target", "relation", "label", "sources"}
            assert e["relation"].startswith("kg:")
            assert all(set(s) >= {"document", "quote"} for s in e["sources"])


def test_party_hop_reads_as_is_party_to(kg):
    data = path_json(kg, "Korea", "TPD")
    edge = data["paths"][0]["edges"][0]
    assert (edge["relation"], edge["label"], edge["source"]) == ("kg:party", "is party to", "tpd")


def test_text_reads_as_cited_sentences_in_korean(kg):
    out = kg("path", "한국", "아르곤", "--lang", "ko", "--k", "8").stdout
    assert "한국은 한미 기술번영 양해각서의 당사자임" in out
    assert '[s000] "' in out


def test_as_of_before_the_tpd_does_not_use_it(kg):
    data = path_json(kg, "Korea", "ANL", "--as-of", "2025-06-01", "--k", "10")
    assert data["paths"]
    used = {n["id"] for p in data["paths"] for n in p["nodes"]}
    assert "tpd" not in used
    assert "korea/participation/genesis-mission" not in used  # a proposal is never in force
    assert "tpd" in {n["id"] for p in path_json(kg, "Korea", "ANL", "--k", "10")["paths"] for n in p["nodes"]}


def test_via_and_avoid(kg):
    data = path_json(kg, "Korea", "ANL", "--via", "Collaboration", "--k", "3")
    assert all(any(n["type"] == "kg:Collaboration" for n in p["nodes"][1:-1]) for p in data["paths"])
    data = path_json(kg, "Korea", "ANL", "--avoid", "United States", "--k", "5")
    assert all("us" not in [n["id"] for n in p["nodes"]] for p in data["paths"])


def test_no_path_within_budget_exits_1_naming_the_nearest(kg):
    result = kg("path", "Korea", "ANL", "--max-hops", "1")
    assert result.exit_code == 1
    assert "no path from korea to anl within 1 hops" in result.stderr and "nearest reachable" in result.stderr


def test_misspelled_name_exits_2_with_suggestion(kg):
    result = kg("path", "Koreaa", "ANL")
    assert result.exit_code == 2
    assert "did you mean" in result.stderr and "(korea)" in result.stderr


def test_ambiguous_name_exits_2_with_candidates(kg):
    result = kg("show", "Korea-US")
    assert result.exit_code == 2, result.stdout
    assert "ambiguous" in result.stderr and "tpd" in result.stderr


@pytest.mark.parametrize("args, message", [
    (("--as-of", "2025-13-01"), "is not a date"),
    (("--via", "Spaceship"), "unknown class 'Spaceship'"),
])
def test_bad_options_exit_2(kg, args, message):
    result = kg("path", "Korea", "ANL", *args)
    assert result.exit_code == 2 and message in result.stderr


@pytest.mark.parametrize("name", ["아르곤국립연구소", "아르곤 국립연구소", "  argonne national LABORATORY ", "kgid:anl",
                                  "https://w3id.org/ai4s-kg/id/anl", "ANL", "아르곤"])
def test_names_resolve_ignoring_case_spacing_and_form(kg, name):
    data = json.loads(kg("show", name, "--format", "json").stdout)
    assert data["id"] == "anl"


def test_korea_anl_top_paths_include_an_institutional_channel(kg):
    data = path_json(kg, "Korea", "ANL", "--k", "3")
    ids = [[n["id"] for n in p["nodes"]] for p in data["paths"]]
    assert len(ids) == 3
    assert any("etri-anl-collaboration" in p for p in ids)
    assert all("us" not in p for p in ids), ids
    costs = [p["cost"] for p in data["paths"]]
    assert costs == sorted(costs) and all(p["reason"] for p in data["paths"])


def test_a_chain_through_a_country_says_why_it_costs_more(kg):
    data = path_json(kg, "Korea", "ANL", "--k", "10")
    through_us = [p for p in data["paths"] if "us" in [n["id"] for n in p["nodes"][1:-1]]]
    assert through_us
    assert all("United States (+" in p["reason"] and "a country" in p["reason"] for p in through_us)
    assert all(p["cost"] >= p["hops"] + 2 for p in through_us)


def test_hops_rank_restores_plain_hop_counting(kg):
    data = path_json(kg, "Korea", "ANL", "--rank", "hops", "--k", "5")
    assert [p["hops"] for p in data["paths"]] == sorted(p["hops"] for p in data["paths"])
    assert all(abs(p["cost"] - p["hops"]) < 0.01 for p in data["paths"])
    assert "us" in {n["id"] for p in data["paths"] for n in p["nodes"]}


def test_avoiding_the_us_never_offers_the_sensitive_country_designation(kg):
    for extra in ((), ("--include-proposed",)):
        data = path_json(kg, "Korea", "ANL", "--avoid", "US", "--k", "20", "--max-hops", "6", *extra)
        used = {n["id"] for p in data["paths"] for n in p["nodes"]}
        assert "us-sensitive-country-designation-korea" not in used
        assert "us" not in used
        relations = {e["relation"] for p in data["paths"] for e in p["edges"]}
        assert not relations & {"kg:concerns", "kg:issuedBy"}


def test_proposals_enter_paths_only_when_asked_and_carry_their_status(kg):
    plain = path_json(kg, "Korea", "ANL", "--k", "20")
    assert all(n["status"] not in {"proposed", "planned", "under-review"} for p in plain["paths"] for n in p["nodes"])
    asked = path_json(kg, "Korea", "ANL", "--k", "20", "--include-proposed")
    proposal = [p for p in asked["paths"] if "korea/participation/genesis-mission" in [n["id"] for n in p["nodes"]]]
    assert proposal
    node = next(n for n in proposal[0]["nodes"] if n["id"] == "korea/participation/genesis-mission")
    assert node["status"] == "proposed"
    assert [e["status"] for e in proposal[0]["edges"][:2]] == ["proposed", "proposed"]
    text = kg("path", "Korea", "ANL", "--k", "20", "--include-proposed").stdout
    assert "Republic of Korea's part in Genesis Mission [proposed]" in text
    ko = kg("path", "한국", "아르곤", "--k", "20", "--include-proposed", "--lang", "ko").stdout
    assert "한국의 제네시스 미션 참여 [제안]" in ko and "proposed" not in ko


def test_a_proposal_as_an_end_asks_for_include_proposed(kg):
    result = kg("path", "Korea", "K-RBRC")
    assert result.exit_code == 2 and "--include-proposed" in result.stderr
    assert kg("path", "Korea", "K-RBRC", "--include-proposed").exit_code in (0, 1)


def test_finding_paths_leaves_the_shared_network_untouched():
    from graph.network.pathfinder import find
    from graph.workspace import Workspace

    ws = Workspace()
    before = [sorted(d) for _, _, d in ws.network.edges(data=True)]
    nodes_before = [sorted(d) for _, d in ws.network.nodes(data=True)]
    find(ws, "Korea", "ANL", k=5)
    find(ws, "Korea", "ANL", k=5, rank="hops", include_proposed=True)
    assert [sorted(d) for _, _, d in ws.network.edges(data=True)] == before
    assert [sorted(d) for _, d in ws.network.nodes(data=True)] == nodes_before


def test_the_first_paths_do_not_depend_on_how_many_are_asked_for(kg):
    two = path_json(kg, "Korea", "ANL", "--k", "2")["paths"]
    five = path_json(kg, "Korea", "ANL", "--k", "5")["paths"]
    assert [p["nodes"] for p in two] == [p["nodes"] for p in five[:2]]

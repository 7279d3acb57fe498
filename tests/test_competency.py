"""Competency questions answered by SPARQL with the SPEC §3 names, on the real graph."""

import json

from graph.store.sparql import run_query


def select(store, query):
    result = run_query(store, query)
    data = json.loads(result["json"])
    return [{k: v["value"] for k, v in row.items()} for row in data["results"]["bindings"]]


def count(store, query):
    return int(select(store, query)[0]["n"])


def test_genesis_has_26_numbered_missions(store):
    rows = select(store, """
        SELECT ?n WHERE { ?m a kg:Mission ; kg:partOf kgid:genesis-mission ; kg:number ?n } ORDER BY ?n""")
    assert [int(r["n"]) for r in rows] == list(range(1, 27))


def test_k_moonshot_has_12_missions(store):
    assert count(store, "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a kg:Mission ; kg:partOf kgid:k-moonshot }") == 12


def test_doe_has_17_national_laboratories(store):
    assert count(store, "SELECT (COUNT(DISTINCT ?l) AS ?n) WHERE { ?l a kg:Lab ; kg:partOf kgid:doe }") == 17


def test_labs_found_through_the_class_hierarchy(store):
    # the dataset holds the ontology, so subclass reasoning works in plain SPARQL
    n = count(store, """SELECT (COUNT(DISTINCT ?l) AS ?n) WHERE {
        ?l a/rdfs:subClassOf* kg:Organization ; kg:partOf kgid:doe . ?l a kg:Lab }""")
    assert n == 17


def test_agreements_between_us_and_japan_with_dates(store):
    # STR(): SPARQL leaves the order between xsd:gYear, gYearMonth and date to the engine
    rows = select(store, """
        SELECT ?a ?date WHERE { ?a a kg:Agreement ; kg:party kgid:us , kgid:japan ; kg:date ?date } ORDER BY STR(?date)""")
    found = {r["a"].rsplit("/", 1)[-1]: r["date"] for r in rows}
    assert found["us-japan-st-agreement"] == "1988-06-20"
    assert found["us-japan-st-agreement-extension-2026"] == "2026-01-16"
    assert found["us-japan-genesis-soi"] == "2026-01"
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)


def test_mext_doe_project_arrangement_is_an_agency_level_us_japan_agreement(store):
    rows = select(store, """
        SELECT ?a ?date WHERE { ?a a kg:Agreement ; kg:party kgid:mext , kgid:doe ; kg:date ?date }""")
    assert {"2024-04-09"} <= {r["date"] for r in rows}


def test_agreements_between_korea_and_us(store):
    rows = select(store, """
        SELECT ?a ?date ?status WHERE { ?a a kg:Agreement ; kg:party kgid:us , kgid:korea ; kg:date ?date ;
                                        kg:status ?status } ORDER BY STR(?date)""")
    found = {r["a"].rsplit("/", 1)[-1]: (r["date"], r["status"].rsplit("#", 1)[-1]) for r in rows}
    assert found["us-korea-st-agreement"][0] == "1976"
    assert found["tpd"] == ("2025-10-29", "signed")


def test_every_fact_about_the_tpd_cites_a_quote_found_in_its_document(store, project):
    from graph.source.documents import Catalogue

    catalogue = Catalogue.load(project.catalogue_file)
    rows = select(store, """
        SELECT ?doc ?quote WHERE { ?st rdf:subject kgid:tpd ; prov:wasDerivedFrom ?d ; kg:quote ?quote .
                                   ?d kg:localId ?doc }""")
    assert rows
    for r in rows:
        assert catalogue[r["doc"]].contains(project.seeds, r["quote"])


def test_proposals_carry_a_proposal_status(store):
    rows = select(store, "SELECT ?s WHERE { kgid:k-rbrc kg:status ?s }")
    assert [r["s"].rsplit("#", 1)[-1] for r in rows] in (["proposed"], ["under-review"])


def test_labels_in_english_and_korean_and_aliases(store):
    rows = select(store, """SELECT ?en ?ko WHERE { kgid:anl rdfs:label ?en , ?ko .
        FILTER(lang(?en) = "en" && lang(?ko) = "ko") }""")
    assert rows and "Argonne" in rows[0]["en"] and "아르곤" in rows[0]["ko"]
    aliases = {r["a"] for r in select(store, "SELECT ?a WHERE { kgid:msit skos:altLabel ?a }")}
    assert {"MSIT", "과기정통부"} <= aliases


def test_outside_facts_are_marked_and_cite_a_url(store):
    rows = select(store, """SELECT ?src WHERE { ?st rdf:subject kgid:ames ; rdf:predicate kg:partOf ;
        kg:outsideSeeds true ; prov:wasDerivedFrom ?src }""")
    assert rows and all(r["src"].startswith("https://") for r in rows)

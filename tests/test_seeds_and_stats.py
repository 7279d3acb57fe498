"""The seeds are kept unchanged and catalogued; stats report counts and citation share."""

import json

from graph.source.documents import Catalogue


def test_every_seed_is_catalogued_and_every_entry_exists(project):
    catalogue = Catalogue.load(project.catalogue_file)
    files = {p.name for p in project.seeds.glob("*.txt")}
    assert files == {d.file for d in catalogue}
    for doc in catalogue:
        assert doc.meta["language"] == "ko"
        assert doc.meta["title"]["ko"] and doc.meta["title"]["en"]


def test_stats_counts_classes_documents_and_full_citation(kg):
    data = json.loads(kg("stats", "--format", "json").stdout)
    assert data["classes"]["Mission"] >= 38
    assert set(data["documents"]) == {"s000", "s001", "s002", "s003", "s004"}
    assert data["facts"] == data["cited"]
    text = kg("stats").stdout
    assert "(100.0%)" in text and "Lab" in text

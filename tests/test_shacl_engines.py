"""SHACL reports do not depend on the engine: pyshacl-turbo and pySHACL, before and after the rewrite.

``kg validate`` runs the core shapes through pyshacl-turbo and the SPARQL
constraints through Oxigraph (``graph.source.shacl``). These tests hold the
reports to three references: what pySHACL reported on every invalid fixture
before the change (``fixtures/shacl-reports.json``), pySHACL itself on the
real data with one planted defect per shape, and pySHACL running the SPARQL
constraints on its own, focus node by focus node.
"""

import json

import pytest
from rdflib import RDF, RDFS, SKOS, Literal, URIRef
from rdflib.namespace import PROV

from conftest import FIXTURES
from graph.dataset.build import load_sources
from graph.dataset.compiler import compile_triples
from graph.project import Project
from graph.source.shacl import ENGINES, core_results, load_shapes, oxigraph_store, shacl_problems, sparql_results
from graph.vocab.namespaces import ID, KG

BEFORE = json.loads((FIXTURES / "shacl-reports.json").read_text(encoding="utf-8"))
RECORDED = sorted(k for k in BEFORE if k != "about")


def k(name):
    return URIRef(KG + name)


def compiled(project):
    catalogue, records, ontology, _ = load_sources(project, evidence=True)
    return list(compile_triples(records, catalogue, ontology)), {r.id: (r.file, r.line) for r in records}


READABLE = sorted(p.name for p in (FIXTURES / "invalid").glob("*.yaml") if p.name != "malformed-yaml.yaml")


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", RECORDED)
def test_invalid_fixture_gets_the_shacl_report_it_got_before(name, engine):
    path = FIXTURES / "invalid" / name
    project = Project.default(data=path)
    triples, where = compiled(project)
    found = shacl_problems(project, triples, where, engine=engine)
    assert all(p.file == str(path) for p in found)
    assert [[p.line, p.record, p.field, p.message] for p in found] == BEFORE[name]


@pytest.mark.parametrize("name", READABLE)
def test_invalid_fixture_gets_the_same_shacl_report_from_both_engines(name):
    # covers fixtures added after the reports were recorded, too
    project = Project.default(data=FIXTURES / "invalid" / name)
    triples, where = compiled(project)
    assert shacl_problems(project, triples, where, engine="turbo") == shacl_problems(project, triples, where,
                                                                                      engine="pyshacl")


def test_the_recorded_reports_cover_core_and_sparql_constraints():
    messages = {m for name in RECORDED for _, _, _, m in BEFORE[name]}
    assert "kg:basedIn must point to a kg:Country" in messages
    assert any("has no cited statement" in m for m in messages)


def _first(triples, p, o=None):
    return next(s for s, pp, oo in triples if pp == p and (o is None or oo == o) and str(s).startswith(ID))


#: one planted defect per kind of constraint: (what it breaks, the triples to remove, the triples to add)
def _defects(t):
    actor = _first(t, RDF.type, k("Agreement"))
    en = next(o for s, p, o in t if s == actor and p == RDFS.label and o.language == "en")
    country = _first(t, RDF.type, k("Country"))
    lab = _first(t, k("basedIn"))
    person = _first(t, k("holds"))
    post = _first(t, RDF.type, k("Post"))
    post_in = next((s, p, o) for s, p, o in t if s == post and p == k("postIn"))
    mission = _first(t, RDF.type, k("Mission"))
    agreement = _first(t, k("party"))
    collab = _first(t, RDF.type, k("Collaboration"))
    statement = next(s for s, p, o in t if p == RDF.type and o == k("Statement"))
    quoted = next(s for s, p, o in t if p == k("quote") and s != statement)
    concept = next(s for s, p, o in t if p == RDF.type and o == SKOS.Concept)
    ko_pref = next((s, p, o) for s, p, o in t if s == concept and p == SKOS.prefLabel and o.language == "ko")
    return [
        ("English label removed", [(actor, RDFS.label, en)], []),
        ("second Korean label", [], [(country, RDFS.label, Literal("또 하나의 이름", lang="ko"))]),
        ("date not a date", [], [(lab, k("date"), Literal("soon"))]),
        ("status outside the scheme", [], [(agreement, k("status"), URIRef(ID + "doe"))]),
        ("based in a non-country", [], [(lab, k("basedIn"), agreement)]),
        ("a country based in something", [], [(country, k("basedIn"), country)]),
        ("holds a non-post", [], [(person, k("holds"), country)]),
        ("post in nothing", [post_in], []),
        ("mission number not an integer", [], [(mission, k("number"), Literal("ten"))]),
        ("agreement without parties", [x for x in t if x[0] == agreement and x[1] == k("party")], []),
        ("collaboration with one participant", [x for x in t if x[0] == collab and x[1] == k("participant")][1:], []),
        ("statement with two subjects", [], [(statement, RDF.subject, country)]),
        ("statement without outsideSeeds", [x for x in t if x[0] == statement and x[1] == k("outsideSeeds")], []),
        ("quote missing", [x for x in t if x[0] == quoted and x[1] == k("quote")], []),
        ("fact without a source", [x for x in t if x[0] == statement and x[1] == PROV.wasDerivedFrom], []),
        ("concept without a Korean prefLabel", [ko_pref], []),
    ]


@pytest.fixture(scope="module")
def real():
    project = Project.default()
    triples, where = compiled(project)
    return project, triples, where


def test_turbo_and_pyshacl_report_the_same_problems_for_planted_defects(real):
    project, triples, where = real
    defects = _defects(triples)
    removed = {x for _, gone, _ in defects for x in gone}
    broken = [x for x in triples if x not in removed] + [x for _, _, new in defects for x in new]
    reports = {e: shacl_problems(project, broken, where, engine=e) for e in ENGINES}
    assert reports["turbo"] == reports["pyshacl"]
    messages = " | ".join(p.message for p in reports["turbo"])
    for expected in ("needs exactly one English label", "needs exactly one Korean label",
                     "kg:date must be one", "kg:status must be one concept", "kg:basedIn must point to a kg:Country",
                     "a country is not based in anything", "kg:holds must point to a kg:Post",
                     "a post belongs to exactly one", "kg:number must be one integer",
                     "an agreement needs at least one party", "a collaboration needs at least two participants",
                     "a statement names exactly one subject", "says whether its source is outside the seeds",
                     "needs its verbatim quote", "has no cited statement", "a concept needs a Korean skos:prefLabel"):
        assert expected in messages
    assert len(reports["turbo"]) >= len(defects)


def test_clean_real_data_has_no_shacl_problem_in_either_engine(real):
    project, triples, where = real
    assert {e: shacl_problems(project, triples, where, engine=e) for e in ENGINES} == {e: [] for e in ENGINES}


def test_sparql_constraints_agree_with_pyshacl_running_them_itself():
    # pySHACL evaluates sh:sparql per focus node with $this pre-bound (the SHACL semantics) on rdflib;
    # the small fixture keeps that fast. Oxigraph runs the same SELECTs once for all focus nodes.
    import pyshacl
    from rdflib import Graph
    from rdflib.namespace import SH

    project = Project.default(data=FIXTURES / "valid" / "minimal.yaml")
    triples, _ = compiled(project)
    statements = sorted({s for s, p, o in triples if p == RDF.type and o == k("Statement")})
    gone = {x for x in triples if (x[0] == statements[0] and x[1] == PROV.wasDerivedFrom)
            or (x[0] == statements[1] and x[1] == k("quote"))}
    broken = [x for x in triples if x not in gone]
    shapes, constraints = load_shapes(project)
    ours = sorted((focus, message) for focus, _, message in sparql_results(oxigraph_store(broken), constraints))
    full = Graph().parse(project.shapes_file, format="turtle")
    data = Graph()
    for x in broken:
        data.add(x)
    _, report, _ = pyshacl.validate(data, shacl_graph=full, inference="none", allow_warnings=True)
    theirs = sorted((str(report.value(r, SH.focusNode)), str(report.value(r, SH.resultMessage)))
                    for r in report.subjects(SH.sourceConstraintComponent, SH.SPARQLConstraintComponent))
    assert len(ours) == 2
    assert [f for f, _ in ours] == [f for f, _ in theirs]
    assert [m for _, m in ours][1] == "a statement citing a seed document needs its verbatim quote (kg:quote)"
    # pySHACL writes the {?p} {?o} of the message as full IRIs; ours shortens them later, as before
    assert [m.replace(RDF.type, "rdf:type").replace(KG, "kg:") for _, m in theirs] == [m for _, m in ours]


def test_an_unknown_engine_is_refused():
    with pytest.raises(ValueError, match="unknown SHACL engine 'jena'"):
        core_results(None, [], engine="jena")


def test_every_shape_with_a_path_carries_its_own_message():
    # engines word their default messages differently; the shapes file's messages are the same for all
    from rdflib import Graph
    from rdflib.namespace import SH

    shapes = Graph().parse(Project.default().shapes_file, format="turtle")
    silent = [s for s in shapes.subjects(SH.path) if shapes.value(s, SH.message) is None]
    assert silent == []
    assert all(shapes.value(c, SH.message) is not None for c in shapes.objects(None, SH.sparql))


"""The ontology defines every term the data uses, documented in English and Korean."""

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from graph.vocab.namespaces import KG
from graph.vocab.schema import PARENT, RELATIONS, SCHEMES, STATUSES, TYPES


@pytest.fixture(scope="module")
def onto(project):
    return Graph().parse(project.ontology_files[0], format="turtle")


def terms():
    names = [t for t in TYPES.values() if t] + list(RELATIONS) + list(SCHEMES.values()) + list(STATUSES)
    names += ["Actor", "Document", "Statement", "Participation", "Post", "quote", "date", "status", "number"]
    return sorted(set(names))


@pytest.mark.parametrize("name", terms())
def test_term_has_labels_comment_and_definer(onto, name):
    term = URIRef(KG + name)
    langs = {l.language for l in onto.objects(term, RDFS.label) if isinstance(l, Literal)}
    assert {"en", "ko"} <= langs, f"kg:{name} needs rdfs:label @en and @ko"
    has_doc = any(onto.objects(term, RDFS.comment)) or any(onto.objects(term, SKOS.definition))
    assert has_doc, f"kg:{name} needs a comment"
    assert onto.value(term, RDFS.isDefinedBy) is not None


def test_relation_labels_match_the_schema(onto):
    for name, reading in RELATIONS.items():
        en = {str(l) for l in onto.objects(URIRef(KG + name), RDFS.label) if l.language == "en"}
        assert en == {reading}, name


def test_classes_are_aligned_to_standard_vocabularies(onto):
    for cls in ("Actor", "Country", "Organization", "Agency", "Lab", "Company", "University", "Person",
                "Program", "Instrument", "Facility", "Document", "Statement"):
        parents = {str(p) for p in onto.objects(URIRef(KG + cls), RDFS.subClassOf)}
        outside = [p for p in parents if not p.startswith(KG)]
        assert outside, f"kg:{cls} is not aligned to ORG, schema.org, FOAF, PROV or SKOS"
    assert (URIRef(KG + "Lab"), RDF.type, OWL.Class) in onto


def test_the_class_tree_in_code_is_the_ontology_s(onto):
    """graph.vocab.schema.PARENT is the one copy of the class tree: exactly the ontology's kg-to-kg subClassOf."""
    stated = {}
    for child, parent in onto.subject_objects(RDFS.subClassOf):
        if str(child).startswith(KG) and str(parent).startswith(KG):
            stated[str(child)[len(KG):]] = str(parent)[len(KG):]
    assert stated == PARENT

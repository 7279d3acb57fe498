"""What a data record may say: its types, fields, relations and concept schemes.

This mirrors ``ontology/kg.ttl`` and ``docs/DATA.md``; a test checks that
every name here is defined in the ontology.

>>> RELATIONS["party"]
'has party'
>>> "Lab" in TYPES
True
>>> sorted(ancestors_of("kg:Lab"))
['kg:Actor', 'kg:Lab', 'kg:Organization']
"""

__all__ = ["DATE_FIELDS", "EVIDENCE_KINDS", "FIELDS", "NODE_CLASSES", "PARENT", "RELATIONS", "RELATION_FIELDS",
           "SCHEMES", "STATUSES", "TYPES", "ancestors_of"]

#: record type -> ontology class local name
TYPES = {
    "Country": "Country",
    "Agency": "Agency",
    "Lab": "Lab",
    "Company": "Company",
    "University": "University",
    "Person": "Person",
    "Organization": "Organization",
    "Program": "Program",
    "Mission": "Mission",
    "Milestone": "Milestone",
    "Instrument": "Instrument",
    "Agreement": "Agreement",
    "Facility": "Facility",
    "Collaboration": "Collaboration",
    "Concept": None,  # skos:Concept
}

#: the class tree: each kg class's parent among the kg classes (the ontology's rdfs:subClassOf), the one copy
PARENT = {"Country": "Actor", "Organization": "Actor", "Person": "Actor",
          "Agency": "Organization", "Lab": "Organization", "Company": "Organization", "University": "Organization",
          "Mission": "Program", "Agreement": "Instrument"}

#: the classes whose members are nodes of the network (:mod:`graph.network.projection`)
NODE_CLASSES = [t for t, c in TYPES.items() if c] + ["Participation"]


def ancestors_of(cls):
    """``cls`` (``"kg:Lab"``) and every class above it in :data:`PARENT`: Lab, Organization, Actor."""
    out = {cls}
    name = cls.removeprefix("kg:")
    while name in PARENT:
        name = PARENT[name]
        out.add(f"kg:{name}")
    return out


#: relation name -> English reading (the ontology's rdfs:label)
RELATIONS = {
    "partOf": "is part of",
    "party": "has party",
    "signedBy": "was signed by",
    "basedIn": "is based in",
    "participatesIn": "takes part in",
    "participant": "has participant",
    "leads": "leads",
    "coordinates": "coordinates",
    "operates": "operates",
    "develops": "develops",
    "hostedBy": "is hosted by",
    "supervisedBy": "is supervised by",
    "memberOf": "is a member of",
    "funds": "funds",
    "establishes": "establishes",
    "issuedBy": "was issued by",
    "concerns": "concerns",
    "nationalResponseTo": "is a national response to",
    "modelledOn": "is modelled on",
    "extends": "extends",
    "successorOf": "succeeds",
    "candidateHost": "has as candidate host",
    "uses": "uses",
    "priorityArea": "has priority area",
    "category": "belongs to category",
    "technology": "relies on technology",
    "field": "is in field",
    "topic": "is about",
}

#: concept scheme name in data -> ontology scheme local name
SCHEMES = {
    "status": "StatusScheme",
    "key-technology": "KeyTechnologyScheme",
    "priority-area": "PriorityAreaScheme",
    "strategic-category": "StrategicCategoryScheme",
    "field": "FieldScheme",
    "topic": "TopicScheme",
}

STATUSES = (
    "proposed", "under-review", "planned", "announced", "signed", "in-force",
    "extended", "expired", "launched", "operating", "designated", "under-development",
)

DATE_FIELDS = ("date", "endDate")

FIELDS = {
    "id", "type", "label", "aliases", "sources", "relations", "date", "endDate",
    "status", "number", "amount", "posts", "description", "withinDays", "scheme", "seedClaim",
}

RELATION_FIELDS = {"p", "o", "s", "sources", "date", "endDate", "status", "role"}

#: where a quote sits in its document, when not in the body text (``kind:`` of a source)
EVIDENCE_KINDS = ("reference", "contents", "caption", "source-line")

"""How a map draws things: class colours and shapes, status, restrictions, relation families.

One table per concept, read by the HTML map (:mod:`graph.render.viz`), its
legend, and the PNG/SVG figure (:mod:`graph.render.figure`), so a legend
entry always shows what the drawing shows.

* **Class**: fill colour and shape (:data:`CLASS_STYLE`). Every shape used
  draws its label *below* the node, so the label box can be measured
  beforehand (:mod:`graph.render.measure`).
* **Status** (:func:`status_kind`): ``tentative`` for proposals, plans and
  things under review (dashed border, faded, dashed edges), ``restriction``
  for designations, bans, export controls and tariffs (a thick dark-red
  border and dark-red edges), else ``standing``.
* **Relation family** (:data:`RELATION_FAMILIES`): the colour and width of an
  edge.

>>> status_kind({"status": "proposed", "type": "kg:Lab", "en": "K-RBRC"})
'tentative'
>>> status_kind({"status": "designated", "type": "kg:Instrument", "en": "US designation of Korea"})
'restriction'
>>> status_kind({"status": "in-force", "type": "kg:Instrument", "en": "CAC order to stop buying NVIDIA chips"})
'restriction'
>>> status_kind({"status": "signed", "type": "kg:Agreement", "en": "Korea–US Technology Prosperity Deal"})
'standing'
>>> relation_family("party")["key"]
'agreement'
"""

import re

from graph.network.paths import NOT_IN_FORCE

__all__ = ["CLASS_STYLE", "EDGE_STYLE", "RELATION_FAMILIES", "RESTRICTION_COLOR", "STATUS_NAMES", "TENTATIVE_DASHES",
           "TENTATIVE_OPACITY", "relation_family", "status_kind", "status_text"]

#: class -> (fill colour, vis-network shape, English, Korean); every shape has its label below it
CLASS_STYLE = {
    "kg:Country": ("#d62728", "star", "Country", "국가"),
    "kg:Agency": ("#1f77b4", "square", "Agency", "정부기관"),
    "kg:Lab": ("#2ca02c", "dot", "Lab", "연구기관"),
    "kg:University": ("#17becf", "dot", "University", "대학"),
    "kg:Company": ("#ff7f0e", "diamond", "Company", "기업"),
    "kg:Organization": ("#8c564b", "dot", "Organization", "조직"),
    "kg:Person": ("#e377c2", "triangle", "Person", "인물"),
    "kg:Program": ("#9467bd", "hexagon", "Program", "프로그램"),
    "kg:Mission": ("#c5b0d5", "hexagon", "Mission", "미션"),
    "kg:Milestone": ("#bcbd22", "triangle", "Milestone", "추진 일정"),
    "kg:Instrument": ("#7f7f7f", "square", "Instrument", "정책 수단"),
    "kg:Agreement": ("#393b79", "square", "Agreement", "협정"),
    "kg:Facility": ("#637939", "triangleDown", "Facility", "연구 인프라"),
    "kg:Collaboration": ("#ad494a", "diamond", "Collaboration", "협력"),
    "kg:Participation": ("#a55194", "dot", "Participation", "참여"),
}
UNKNOWN_STYLE = ("#999999", "dot", "Other", "기타")

#: a tentative node is drawn at this opacity, its border and edges dashed like this
TENTATIVE_OPACITY = 0.45
TENTATIVE_DASHES = [5, 4]
#: the border and edges of a restriction
RESTRICTION_COLOR = "#8b0000"

_RESTRICTION_WORDS = re.compile(r"designation|\bban\b|export control|tariff|sanction|entity list|cut \w+ off|"
                                r"stop buying|restriction", re.IGNORECASE)

#: status kind -> (English, Korean) for the legend
STATUS_NAMES = {
    "standing": ("In force / standing", "발효·운영 중"),
    "tentative": ("Proposed, planned or under review (not in force)", "제안·계획·검토 중(미발효)"),
    "restriction": ("Restriction: designation, ban, export control, tariff", "제한 조치: 지정·금지·수출통제·관세"),
}

#: Korean readings of the statuses in the data
_STATUS_KO = {"proposed": "제안", "planned": "계획", "under-review": "검토 중", "announced": "발표",
              "launched": "출범", "in-force": "발효", "signed": "서명", "operating": "운영 중",
              "designated": "지정", "under-development": "개발 중", "extended": "연장", "expired": "만료"}

#: relation family: (key, colour, width, English, Korean, relations)
RELATION_FAMILIES = [
    ("agreement", "#393b79", 2.5, "Agreement: party, signed, extends", "협정: 당사자·서명·연장",
     {"party", "signedBy", "extends"}),
    ("participation", "#9467bd", 2.0, "Takes part, leads, coordinates", "참여·주도·조정",
     {"participatesIn", "participant", "leads", "coordinates", "inProgram"}),
    ("resources", "#2ca02c", 1.5, "Operates, uses, develops, funds, hosts", "운영·활용·개발·지원·유치",
     {"operates", "uses", "develops", "funds", "hostedBy"}),
    ("policy", "#e6550d", 1.5, "Policy: issued by, concerns, establishes, responds to, modelled on, "
     "succeeds, candidate host", "정책: 발령·대상·설립·대응·본뜸·승계·후보지",
     {"issuedBy", "concerns", "establishes", "nationalResponseTo", "modelledOn", "successorOf", "candidateHost"}),
    ("people", "#e377c2", 1.5, "Holds a post in", "직위", {"postIn"}),
    ("structure", "#9a9a9a", 1.0, "Part of, member of, based in", "소속·회원·소재",
     {"partOf", "memberOf", "basedIn"}),
]
_OTHER_FAMILY = ("other", "#bbbbbb", 1.0, "Other relation", "기타 관계", set())
EDGE_STYLE = {rel: fam for fam in RELATION_FAMILIES for rel in fam[5]}


def relation_family(relation):
    """The family of ``relation`` as a dict: key, color, width, en, ko."""
    key, color, width, en, ko, _ = EDGE_STYLE.get(relation, _OTHER_FAMILY)
    return {"key": key, "color": color, "width": width, "en": en, "ko": ko}


def status_kind(node):
    """``tentative``, ``restriction`` or ``standing`` for a node's attributes (see the module docstring)."""
    if node.get("status") in NOT_IN_FORCE:
        return "tentative"
    if node.get("type") == "kg:Instrument" and (node.get("status") == "designated"
                                                or _RESTRICTION_WORDS.search(node.get("en") or "")):
        return "restriction"
    return "standing"


def status_text(status):
    """A status in English and Korean, for tooltips and the panel.

    >>> status_text("under-review")
    'under review / 검토 중'
    >>> status_text(None)
    ''
    """
    if not status:
        return ""
    return f"{status.replace('-', ' ')} / {_STATUS_KO.get(status, status)}"

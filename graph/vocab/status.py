"""The status of an agreement, program or proposal, and how every output names it.

The labels mirror the ``kg:StatusScheme`` concepts of ``ontology/kg.ttl``
(a test checks that they agree). :data:`NOT_IN_FORCE` are the statuses of
things that are not facts in force (proposals, plans, things under review):
they enter a path, a count or a ranking only when asked for. Every output
that prints an entity or a relation names the status of those, and of the
ones that are no longer or not yet in force (:data:`MARKED`), in the
reader's language.

>>> status_label("under-review", "ko")
'검토 중'
>>> status_note("proposed", "en"), status_note("signed", "en")
('proposed', None)
>>> marked("planned"), marked("in-force"), marked(None)
(True, False, False)
"""

__all__ = ["LABELS", "MARKED", "NOT_IN_FORCE", "marked", "status_label", "status_note"]

#: status id -> (English, Korean), as ``skos:prefLabel`` in the ontology
LABELS = {
    "proposed": ("proposed", "제안"),
    "under-review": ("under review", "검토 중"),
    "planned": ("planned", "계획"),
    "announced": ("announced", "발표"),
    "signed": ("signed", "체결"),
    "in-force": ("in force", "시행 중"),
    "extended": ("extended", "연장"),
    "expired": ("expired", "만료"),
    "launched": ("launched", "출범"),
    "operating": ("operating", "운영 중"),
    "designated": ("designated", "지정"),
    "under-development": ("under development", "개발 중"),
}

#: statuses of things that are not in force: never a channel, a count or a rank unless asked for
NOT_IN_FORCE = frozenset({"proposed", "under-review", "planned"})
#: statuses every output names next to the entity or relation
MARKED = NOT_IN_FORCE | {"expired", "under-development"}


def status_label(status, lang="en"):
    """The status in words, in ``lang`` (``en`` or ``ko``); unknown ids are returned as given."""
    if status is None:
        return None
    en, ko = LABELS.get(status, (status, status))
    return ko if lang == "ko" else en


def marked(status):
    """True when ``status`` says the thing is not a fact in force (or no longer one)."""
    return status in MARKED


def status_note(status, lang="en"):
    """The status label when it must be shown (:func:`marked`), else None."""
    return status_label(status, lang) if marked(status) else None

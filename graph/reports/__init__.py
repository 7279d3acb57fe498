"""Reports: one answer dict per question (show, compare, timeline) and its cited text form."""

"""Vocabulary: the namespaces, the one class tree of the ontology, relation readings in English and Korean."""

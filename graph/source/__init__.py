"""Sources: YAML records read with their line numbers, the checks and SHACL shapes that validate them, the
seed documents their quotes come from, and the ingest of new documents for review."""

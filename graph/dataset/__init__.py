"""Dataset: records compiled to RDF with provenance, the content-keyed build cache, its statistics, and the
diff between two builds."""

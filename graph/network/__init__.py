"""Network analytics: the NetworkX projection of the store, cited paths, centrality, the two sides of a
comparison, cooperation channels and connectivity."""

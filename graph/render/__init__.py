"""Rendering: offline HTML maps, PNG/SVG figures, exports (RDF, GraphML, GEXF, CSV) and atomic file writes."""

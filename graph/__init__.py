"""A knowledge graph of AI-for-science actors, programs and agreements.

The library behind the ``kg`` command: build and validate the data
(:mod:`graph.build`, :mod:`graph.validate`), query it (:mod:`graph.sparql`).
"""

__version__ = "0.1.0"
__all__ = ["__version__"]

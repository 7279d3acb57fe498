"""One built dataset and what is derived from it, each loaded when first asked for.

>>> ws = Workspace(Project.default())
>>> ws.resolve("아르곤")
'anl'
"""

from functools import cached_property

from graph.dataset.build import ensure_built
from graph.project import Project

__all__ = ["Workspace"]


class Workspace:
    """The current build of a project with its store, name index and projection.

    ``resident``: hold the store in memory (``kg serve``: a process that
    lives on and answers query after query) rather than open the build's
    on-disk store (everything else); see :func:`graph.store.local.open_store`.
    Both give the same answers; where SPARQL leaves an order open (rows
    without ORDER BY, GROUP_CONCAT) each store may give its own.
    """

    def __init__(self, project=None, resident=False):
        self.project = project or Project.default()
        self.resident = resident

    @cached_property
    def build(self):
        return ensure_built(self.project)

    @cached_property
    def store(self):
        from graph.store.local import open_store

        return open_store(self.build, resident=self.resident)

    def _store_for(self, _build):
        return self.store

    @cached_property
    def names(self):
        from graph.store.resolve import load_index

        return load_index(self.build, self._store_for)

    @cached_property
    def network(self):
        from graph.network.projection import load_projection

        return load_projection(self.build, self._store_for)

    def resolve(self, name, in_network=False):
        """The id of ``name``; with ``in_network`` only nodes of the projection qualify."""
        return self.names.resolve(name, among=self.network if in_network else None)

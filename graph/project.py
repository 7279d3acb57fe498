"""Where a project's ontology, data, seeds and cache live.

A project is a folder with ``ontology/``, ``data/`` and ``seeds/``. By default
it is the folder this package was installed from; ``KG_HOME`` points elsewhere,
and ``KG_CACHE`` moves the build cache (default ``<project>/.kg-cache``).

>>> p = Project.default()
>>> (p.root / "ontology" / "kg.ttl").exists()
True
"""

import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Project"]


@dataclass(frozen=True)
class Project:
    """The folders of one project; ``data`` may be a folder or one YAML file."""

    root: Path
    data: Path
    cache: Path

    @classmethod
    def default(cls, data=None, home=None):
        """The project at ``home``, else the one named by ``KG_HOME``, else the one this package sits in."""
        root = Path(home or os.environ.get("KG_HOME") or Path(__file__).resolve().parents[1])
        cache = Path(os.environ.get("KG_CACHE") or root / ".kg-cache")
        return cls(root=root, data=Path(data) if data else root / "data", cache=cache)

    @property
    def ontology_files(self):
        """The ontology in Turtle (shapes are separate, see :attr:`shapes_file`)."""
        return [self.root / "ontology" / "kg.ttl"]

    @property
    def shapes_file(self):
        return self.root / "ontology" / "shapes.ttl"

    @property
    def seeds(self):
        return self.root / "seeds"

    @property
    def catalogue_file(self):
        return self.seeds / "catalogue.yaml"

    def data_files(self):
        """The YAML data files, sorted: ``data`` itself if it is a file."""
        if self.data.is_file():
            return [self.data]
        return sorted(p for p in self.data.glob("*.yaml") if p.is_file())

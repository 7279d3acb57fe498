"""The ``kg`` program: the command line of :mod:`graph.cli`, run as a process that answers once and exits.

Python's cyclic garbage collector is switched off before anything is
imported. It finds nothing to free while modules, cached JSON and the
network are being loaded (they live until the process ends), yet it scans
them again and again as they grow: importing networkx and click alone took
about 15 % less CPU time without it (measured on this project's machine,
2026-12-06). Memory is still freed by reference counting; a cycle left
behind is freed when the command exits. ``kg serve``, the one command that
lives on, switches the collector back on (:mod:`graph.cli.share`).
"""

import gc

__all__ = ["main"]


def main():
    """Run ``kg`` with the arguments of the process."""
    gc.disable()
    from graph.cli import main as kg

    kg()

"""``python -m graph.cli`` runs ``kg`` (as the ``kg`` program does: :mod:`graph.console`)."""

from graph.console import main

main()

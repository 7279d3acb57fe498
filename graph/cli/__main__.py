"""``python -m graph.cli`` runs ``kg``."""

from graph.cli import main

main()

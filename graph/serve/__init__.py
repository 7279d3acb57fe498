"""Serving: the read-only SPARQL endpoint, its protocol, publishing into a shared store and reading from one."""

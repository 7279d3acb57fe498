"""The benchmark suite: ``make bench`` runs :mod:`bench.suite`, which writes ``bench/results/report.md``.

Modules: :mod:`bench.synth` (synthetic data in our record format),
:mod:`bench.cold`, :mod:`bench.inproc`, :mod:`bench.scaling` with
:mod:`bench.probe` and :mod:`bench.phases`, :mod:`bench.endpoint` with
:mod:`bench.load` (the load-test client), :mod:`bench.report`, and
:mod:`bench.common` (machine description, measured child processes).
"""

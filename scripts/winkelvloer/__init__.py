"""Tooling for the Winkelvloer site: the checks, the build helpers, the commands and the benchmarks.

Installed into .venv by `make install` (`pip install -e .`); MkDocs (the site's plugin,
winkelvloer.plugin), the commands (`python -m winkelvloer.cli.<name>`) and the tests import it
the same way.
"""

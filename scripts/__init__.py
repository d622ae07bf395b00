"""Editors' tooling for the Winkelvloer site (run as ``python -m scripts.<tool>``)."""

"""Shared by the build and the checks: mkdocs.yml, languages, findings, rules, freshness."""

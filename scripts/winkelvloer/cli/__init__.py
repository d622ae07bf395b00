"""The commands editors, CI and maintainers run: `python -m winkelvloer.cli.<name>`."""

"""The content checks behind ``python -m winkelvloer.cli.check``: one module per family of rules."""

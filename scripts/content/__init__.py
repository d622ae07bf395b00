"""The content checks behind ``python -m scripts.check``: one module per family of rules."""

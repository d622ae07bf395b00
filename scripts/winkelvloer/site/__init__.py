"""The checks of the built site (`python -m winkelvloer.cli.check_site`)."""

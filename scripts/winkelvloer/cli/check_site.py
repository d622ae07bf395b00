"""`python -m winkelvloer.cli.check_site site`: check the built site as a browser gets it."""

from winkelvloer.site.check_site import main

if __name__ == "__main__":
    raise SystemExit(main())

"""The site's MkDocs plugin and the build that drives it."""

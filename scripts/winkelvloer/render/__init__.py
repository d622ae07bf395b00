"""What the build makes of the pages, apart from MkDocs' events: cards, feeds, social cards,
the sanitizer's allowlist, the Content-Security-Policy, the search index and the caches."""

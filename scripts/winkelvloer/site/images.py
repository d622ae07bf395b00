"""The social image rules: every og:image is an absolute URL to a file of the site, of the size
the page states (S054-S056)."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from winkelvloer.site.issues import Issue
from winkelvloer.site.pages import HtmlPage, SharedImage
from winkelvloer.site.urls import Resolver

IMAGE_NOT_ABSOLUTE = "S054"
IMAGE_MISSING = "S055"
IMAGE_WRONG_SIZE = "S056"


def check_images(site_dir: Path, pages: dict[str, HtmlPage], resolver: Resolver) -> list[Issue]:
    """Every og:image of the site, each file measured once."""
    sizes: dict[str, tuple[int, int] | None] = {}
    issues = []
    for page in pages.values():
        if page.image:
            issue = check_image(page, page.image, site_dir, resolver, sizes)
            if issue:
                issues.append(issue)
    return issues


def check_image(
    page: HtmlPage,
    image: SharedImage,
    site_dir: Path,
    resolver: Resolver,
    sizes: dict[str, tuple[int, int] | None],
) -> Issue | None:
    if not image.url.lower().startswith(("https://", "http://")):
        message = f"og:image {image.url!r} must be an absolute URL"
        return Issue(IMAGE_NOT_ABSOLUTE, message, page.rel, image.url)
    target = resolver.resolve("", image.url)
    if target.kind == "external":
        return None
    if target.kind != "internal" or not target.exists:
        message = f"og:image {image.url}: no such file {target.path}"
        return Issue(IMAGE_MISSING, message, page.rel, image.url)
    if target.path not in sizes:
        sizes[target.path] = image_size(site_dir / target.path)
    actual = sizes[target.path]
    stated = f"{image.width or '?'}x{image.height or '?'}"
    if actual is None or stated != f"{actual[0]}x{actual[1]}":
        found = f"{actual[0]}x{actual[1]}" if actual else "not an image"
        message = f"og:image {target.path} is {found}; the page states {stated}"
        return Issue(IMAGE_WRONG_SIZE, message, page.rel, image.url)
    return None


def image_size(path: Path) -> tuple[int, int] | None:
    """Width and height from the image's header (the pixels are not decoded)."""
    try:
        with Image.open(path) as image:
            return image.size
    except (OSError, Image.DecompressionBombError):
        return None

"""Hook: keep the build log readable.

static-i18n logs every per-language config override at INFO, including the whole
`extra.strings` table of each language, on every build and every live reload.
"""

from __future__ import annotations

import logging

PLUGIN_LOGGERS = (
    "mkdocs.plugins.mkdocs_static_i18n.plugin",
    "mkdocs.plugins.mkdocs_static_i18n.reconfigure",
)
NOISY_PREFIXES = ("Updating '", "Overriding '", "Translated ")


class _DropConfigOverrides(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage().removeprefix("mkdocs_static_i18n: ")
        return not message.startswith(NOISY_PREFIXES)


def on_startup(command: str, dirty: bool) -> None:
    for name in PLUGIN_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, _DropConfigOverrides) for f in logger.filters):
            logger.addFilter(_DropConfigOverrides())

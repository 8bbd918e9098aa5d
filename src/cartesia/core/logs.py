"""Logging through the stdlib ``cartesia`` logger, switched on with ``CARTESIA_LOG=debug|info``.

Secrets never reach a log record: headers and URLs pass through :func:`redact_headers` and
:func:`redact_url` before they are logged.
"""

from __future__ import annotations

import logging
import os
import typing
import urllib.parse

logger = logging.getLogger("cartesia")

REDACTED = "<redacted>"
_SECRET_HEADERS = frozenset({"x-api-key", "authorization", "proxy-authorization", "cookie", "set-cookie"})
_SECRET_PARAMS = frozenset({"api_key", "access_token", "token"})
_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO}
_configured = False


def setup_logging() -> None:
    """Attach a stderr handler to the ``cartesia`` logger if ``CARTESIA_LOG`` asks for it (once)."""
    global _configured
    if _configured:
        return
    _configured = True
    level = _LEVELS.get(os.environ.get("CARTESIA_LOG", "").strip().lower())
    if level is None:
        return
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("[%(asctime)s %(name)s %(levelname)s] %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(level)


def redact_headers(headers: typing.Iterable[typing.Tuple[str, str]]) -> typing.Dict[str, str]:
    """Header pairs as a dict with credential values replaced."""
    return {name: REDACTED if name.lower() in _SECRET_HEADERS else value for name, value in headers}


def redact_url(url: str) -> str:
    """``url`` with credential query parameters (``api_key``, ``access_token``) replaced."""
    parts = urllib.parse.urlsplit(url)
    if not parts.query:
        return url
    pairs = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    query = urllib.parse.urlencode([(k, REDACTED if k.lower() in _SECRET_PARAMS else v) for k, v in pairs], safe="<>")
    return urllib.parse.urlunsplit(parts._replace(query=query))

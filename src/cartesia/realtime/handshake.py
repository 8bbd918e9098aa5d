"""What a WebSocket handshake sends and how its refusal is reported; no I/O here.

Credentials and the API version travel in headers (``X-API-Key`` or ``Authorization: Bearer``,
``Cartesia-Version``), never in the URL, so no key can reach a log line or an exception. The URL
follows the client's base URL (``http`` → ``ws``, ``https`` → ``wss``, a path prefix kept) unless
``websocket_base_url`` was given.
"""

from __future__ import annotations

import dataclasses
import typing
import urllib.parse

from ..core.api_error import ApiError, RequestValidationError, error_class_for_status, parse_error_body
from ..core.client_wrapper import BaseClientWrapper
from ..core.http_client import merge_headers
from .options import DEFAULT_OPEN_TIMEOUT, WebSocketOptions

_SCHEMES = {"http": "ws", "https": "wss", "ws": "ws", "wss": "wss"}


@dataclasses.dataclass(frozen=True)
class Handshake:
    """The URL and headers of one connection attempt; ``user_agent`` goes in its own header."""

    url: str
    headers: typing.Dict[str, str]
    user_agent: typing.Optional[str]

    def __repr__(self) -> str:  # the headers hold the credentials
        return f"Handshake(url={self.url!r})"


def websocket_base(base_url: str, websocket_base_url: typing.Optional[str] = None) -> str:
    """The ``ws://`` or ``wss://`` base for sockets: ``websocket_base_url``, else ``base_url`` with its scheme mapped."""
    url = websocket_base_url or base_url
    scheme, sep, rest = url.partition("://")
    mapped = _SCHEMES.get(scheme.lower()) if sep else None
    if mapped is None:
        raise RequestValidationError(f"the WebSocket base URL must start with http(s):// or ws(s)://, got {url!r}")
    return f"{mapped}://{rest.rstrip('/')}"


def encode_query(params: typing.Mapping[str, typing.Any]) -> str:
    """Percent-encoded query: None left out, booleans as true/false, sequences as repeated keys."""
    pairs: typing.List[typing.Tuple[str, str]] = []
    for name, value in params.items():
        values = value if isinstance(value, (list, tuple)) else [value]
        for item in values:
            if item is None:
                continue
            pairs.append((name, ("true" if item else "false") if isinstance(item, bool) else str(item)))
    return urllib.parse.urlencode(pairs, quote_via=urllib.parse.quote)


def build_handshake(
    wrapper: BaseClientWrapper,
    path: str,
    options: WebSocketOptions,
    query: typing.Optional[typing.Mapping[str, typing.Any]] = None,
) -> Handshake:
    """The handshake for ``path`` (such as ``/tts/websocket``) with the client's headers and ``query``."""
    base = websocket_base(wrapper.get_base_url(), wrapper.websocket_base_url)
    params = {**(query or {}), **options.extra_query}
    encoded = encode_query(params)
    url = f"{base}/{path.lstrip('/')}" + (f"?{encoded}" if encoded else "")
    headers = merge_headers(wrapper.get_headers(), options.extra_headers)
    user_agent = None
    for name in list(headers):
        if name.lower() == "user-agent":
            user_agent = headers.pop(name)
    return Handshake(url, headers, user_agent)


def resolve_options(wrapper: BaseClientWrapper, given: typing.Mapping[str, typing.Any]) -> WebSocketOptions:
    """The socket's options: the caller's, else the client's connect timeout and retries, else the defaults."""
    values = dict(given)
    unknown = set(values) - {f.name for f in dataclasses.fields(WebSocketOptions)}
    if unknown:
        raise RequestValidationError(f"unknown WebSocket option(s): {', '.join(sorted(unknown))}")
    if "open_timeout" not in values:
        timeout = wrapper.get_timeout()
        values["open_timeout"] = timeout.connect if timeout is not None and timeout.connect is not None else DEFAULT_OPEN_TIMEOUT
    values.setdefault("max_retries", wrapper.max_retries)
    return WebSocketOptions(**values)


def refused(status_code: int, headers: typing.Iterable[typing.Tuple[str, str]], body: bytes) -> ApiError:
    """The REST error class for a refused handshake (401, 402, 403, 429, 5xx, ...)."""
    cls = error_class_for_status(status_code)
    return cls(status_code=status_code, headers=dict(headers), body=parse_error_body(body))

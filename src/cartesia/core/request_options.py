"""Per-call options accepted by every API method as ``request_options``."""

from __future__ import annotations

import typing

import typing_extensions


class RequestOptions(typing_extensions.TypedDict, total=False):
    """Overrides for one call.

    - ``timeout_in_seconds``: timeout for this request, replacing the client's.
    - ``max_retries``: retries for this request (0 disables them), replacing the client's.
    - ``additional_headers``: extra headers, applied last (they can replace the SDK's).
    - ``additional_query_parameters``: extra query parameters.
    - ``additional_body_parameters``: extra JSON body keys or form fields, sent as given.
    - ``chunk_size``: size of the byte chunks yielded by streaming audio endpoints.

    Example::

        client.voices.get("a0e99841-...", request_options={"max_retries": 0, "timeout_in_seconds": 5})
    """

    timeout_in_seconds: float
    max_retries: int
    additional_headers: typing.Dict[str, typing.Any]
    additional_query_parameters: typing.Dict[str, typing.Any]
    additional_body_parameters: typing.Dict[str, typing.Any]
    chunk_size: int

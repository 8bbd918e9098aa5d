"""Helpers shared by the test suites."""

from __future__ import annotations

import email.parser
import email.policy
import typing

import httpx

T = typing.TypeVar("T")


class Part(typing.NamedTuple):
    name: str
    filename: typing.Optional[str]
    content_type: typing.Optional[str]
    content: bytes


def multipart_parts(request: httpx.Request) -> typing.List[Part]:
    """The parts of a multipart/form-data request, in order."""
    content_type = request.headers["content-type"]
    assert content_type.startswith("multipart/form-data"), content_type
    raw = b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + request.read()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(raw)
    parts = []
    for part in message.iter_parts():
        disposition = part.get("content-disposition", "")
        params = dict(part.get_params(header="content-disposition") or [])
        assert disposition.startswith("form-data"), disposition
        payload = part.get_payload(decode=True)
        parts.append(
            Part(
                name=params["name"],
                filename=params.get("filename"),
                content_type=part.get("content-type") if "filename" in params else None,
                content=payload if isinstance(payload, bytes) else b"",
            )
        )
    return parts


def form_fields(request: httpx.Request) -> typing.List[typing.Tuple[str, str]]:
    """The non-file fields of a multipart request as (name, value) pairs, in order."""
    return [(p.name, p.content.decode()) for p in multipart_parts(request) if p.filename is None]


def run_async(main: typing.Callable[[], typing.Awaitable[T]], timeout: float = 60) -> T:
    """``asyncio.run(main())`` in a thread of its own, so it leaves the test runner's event loop alone."""
    import asyncio
    import threading

    outcome: typing.List[typing.Any] = []

    def target() -> None:
        try:
            outcome.append((True, asyncio.run(main())))  # type: ignore[arg-type]
        except BaseException as exc:  # re-raised in the test's thread
            outcome.append((False, exc))

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(timeout)
    assert outcome, f"the async scenario took longer than {timeout} s"
    ok, value = outcome[0]
    if not ok:
        raise value
    return typing.cast(T, value)

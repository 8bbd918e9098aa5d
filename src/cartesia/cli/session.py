"""The client a command talks to: the Cartesia API, or the embedded local server."""

from __future__ import annotations

import contextlib
import importlib.util
import os
import pathlib
import sys
import typing

from ..client import Cartesia
from .errors import UsageError

if typing.TYPE_CHECKING:
    import argparse

LOCAL_NOTE = (
    "cartesia: no API key configured (set CARTESIA_API_KEY or pass --api-key); "
    "using the built-in local server and its synthetic voice"
)


def wants_local(args: argparse.Namespace) -> bool:
    """--local, or no key and no base URL anywhere."""
    if args.local:
        return True
    configured = args.api_key or os.environ.get("CARTESIA_API_KEY")
    return not configured and not (args.base_url or os.environ.get("CARTESIA_BASE_URL"))


@contextlib.contextmanager
def open_client(args: argparse.Namespace) -> typing.Iterator[Cartesia]:
    """A client for the command, with the local server running for as long as it is used."""
    options: typing.Dict[str, typing.Any] = {"timeout": args.timeout}
    if args.cartesia_version:
        options["cartesia_version"] = args.cartesia_version
    if not wants_local(args):
        with Cartesia(api_key=args.api_key, base_url=args.base_url, **options) as client:
            yield client
        return
    if not args.local and not args.quiet:
        print(LOCAL_NOTE, file=sys.stderr)
    server_class = _local_server_class()
    with server_class(engine=args.engine, state_dir=state_dir(args)) as server, Cartesia(api_key=server.api_key, base_url=server.url, **options) as client:
        yield client


def state_dir(args: argparse.Namespace) -> pathlib.Path:
    """The directory the built-in server keeps its state in: ``--state``, else the default."""
    from ..server.persistence import default_state_dir

    return pathlib.Path(args.state).expanduser() if args.state else default_state_dir()


def _local_server_class() -> typing.Any:
    if importlib.util.find_spec("aiohttp") is None:
        raise UsageError('the local server needs the server extra: pip install "cartesia[server]"')
    from ..server import LocalServer

    return LocalServer

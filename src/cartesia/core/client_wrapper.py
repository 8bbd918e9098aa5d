"""Client configuration: credentials, base URL, API version, headers and timeouts.

Each value comes from the constructor argument, else an environment variable, else a default:

- API key: ``api_key``, else ``CARTESIA_API_KEY`` (sent as ``X-API-Key``); an access token given as
  ``token`` is sent as ``Authorization: Bearer`` instead.
- Base URL: ``base_url``, else ``environment``, else ``CARTESIA_BASE_URL``, else production;
  WebSockets use it with ``ws(s)://`` unless ``websocket_base_url`` is given.
- API version: ``cartesia_version``, else ``2024-11-13`` (the version the 2.x SDK speaks).
"""

from __future__ import annotations

import asyncio
import os
import typing

import httpx

from ..environment import CartesiaEnvironment
from ..version import __version__
from .api_error import CartesiaError
from .http_client import AsyncHttpClient, HttpClient, TimeoutTypes, merge_headers
from .logs import REDACTED, setup_logging
from .retry import DEFAULT_MAX_RETRIES

DEFAULT_CARTESIA_VERSION = "2024-11-13"
DEFAULT_TIMEOUT = 60.0
USER_AGENT = f"cartesia-python/{__version__}"


class MissingCredentialsError(CartesiaError, ValueError):
    """Neither an API key nor an access token was given or found in the environment."""


def resolve_base_url(base_url: typing.Optional[str], environment: typing.Optional[CartesiaEnvironment]) -> str:
    if base_url:
        return base_url
    if environment is not None:
        return str(environment.value)
    return os.environ.get("CARTESIA_BASE_URL") or str(CartesiaEnvironment.PRODUCTION.value)


def resolve_credentials(api_key: typing.Optional[str], token: typing.Optional[str]) -> typing.Tuple[typing.Optional[str], typing.Optional[str]]:
    """The (api_key, token) pair to use; raises when there is neither."""
    token = (token or "").strip() or None
    api_key = (api_key or "").strip() or None
    if api_key is None and token is None:
        api_key = os.environ.get("CARTESIA_API_KEY", "").strip() or None
    if api_key is None and token is None:
        raise MissingCredentialsError(
            "No Cartesia credentials: pass api_key=... (or token=... for an access token), "
            "or set the CARTESIA_API_KEY environment variable."
        )
    return api_key, token


def as_timeout(timeout: TimeoutTypes) -> typing.Optional[httpx.Timeout]:
    if timeout is None:
        return None
    return timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)


class _OwnedClient(httpx.Client):
    """The SDK's own connection pool, closed when collected, so an unclosed client leaves no sockets."""

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # interpreter shutdown may have torn down what close() needs
            pass


_closing: typing.Set["asyncio.Task[None]"] = set()


class _OwnedAsyncClient(httpx.AsyncClient):
    """The SDK's own async pool: when collected inside a running loop, it is closed on that loop.

    No loop is ever started here: outside a running loop the pool was already closed when its loop
    shut down (see AsyncHttpClient), or its sockets went with that loop.
    """

    def __del__(self) -> None:
        if self.is_closed:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        try:
            task = loop.create_task(self.aclose())
        except RuntimeError:  # the loop is closing
            return
        _closing.add(task)  # keep the task alive until it finishes
        task.add_done_callback(_closing.discard)


class BaseClientWrapper:
    """Credentials, base URL, version and headers shared by every resource client."""

    def __init__(
        self,
        *,
        api_key: typing.Optional[str] = None,
        token: typing.Optional[str] = None,
        base_url: str,
        websocket_base_url: typing.Optional[str] = None,
        timeout: TimeoutTypes = None,
        cartesia_version: typing.Optional[str] = None,
        headers: typing.Optional[typing.Mapping[str, str]] = None,
        max_retries: int = DEFAULT_MAX_RETRIES,
    ) -> None:
        setup_logging()
        self._api_key, self._token = resolve_credentials(api_key, token)
        self._base_url = base_url
        self.websocket_base_url = websocket_base_url
        self._timeout = as_timeout(timeout)
        self.cartesia_version = cartesia_version or DEFAULT_CARTESIA_VERSION
        self._headers = dict(headers or {})
        self.max_retries = max_retries

    @property
    def api_key(self) -> typing.Optional[str]:
        return self._api_key

    @property
    def token(self) -> typing.Optional[str]:
        return self._token

    def get_auth_headers(self) -> typing.Dict[str, str]:
        if self._token is not None:
            return {"Authorization": f"Bearer {self._token}"}
        return {"X-API-Key": typing.cast(str, self._api_key)}

    def get_headers(self) -> typing.Dict[str, str]:
        """Headers for every request; ``default_headers`` given to the client override them."""
        return merge_headers(
            {
                "User-Agent": USER_AGENT,
                "X-Fern-Language": "Python",
                "X-Fern-SDK-Name": "cartesia",
                "X-Fern-SDK-Version": __version__,
            },
            self.get_auth_headers(),
            {"Cartesia-Version": self.cartesia_version},
            self._headers,
        )

    def get_base_url(self) -> str:
        return self._base_url

    def get_timeout(self) -> typing.Optional[httpx.Timeout]:
        """The explicitly configured timeout; None lets the httpx client's own timeout apply."""
        return self._timeout

    def __repr__(self) -> str:
        credential = "token" if self._token is not None else "api_key"
        return f"{type(self).__name__}(base_url={self._base_url!r}, {credential}={REDACTED!r}, cartesia_version={self.cartesia_version!r})"


class SyncClientWrapper(BaseClientWrapper):
    """Configuration plus the sync request engine."""

    def __init__(
        self,
        *,
        httpx_client: typing.Optional[httpx.Client] = None,
        follow_redirects: typing.Optional[bool] = True,
        **kwargs: typing.Any,
    ) -> None:
        super().__init__(**kwargs)
        self.owns_httpx_client = httpx_client is None
        if httpx_client is None:
            httpx_client = _OwnedClient(timeout=self._timeout or DEFAULT_TIMEOUT, follow_redirects=bool(follow_redirects))
        self.httpx_client = HttpClient(
            httpx_client=httpx_client,
            base_url=self.get_base_url,
            base_headers=self.get_headers,
            base_timeout=self.get_timeout,
            max_retries=self.max_retries,
        )

    def close(self) -> None:
        """Close the httpx client if the SDK created it; a caller-supplied client stays open."""
        if self.owns_httpx_client:
            self.httpx_client.httpx_client.close()


class AsyncClientWrapper(BaseClientWrapper):
    """Configuration plus the async request engine."""

    def __init__(
        self,
        *,
        httpx_client: typing.Optional[httpx.AsyncClient] = None,
        follow_redirects: typing.Optional[bool] = True,
        max_num_connections: typing.Optional[int] = None,
        **kwargs: typing.Any,
    ) -> None:
        super().__init__(**kwargs)
        self.owns_httpx_client = httpx_client is None
        self.max_num_connections = max_num_connections
        factory = None
        if httpx_client is None:
            limits = httpx.Limits(max_connections=max_num_connections) if max_num_connections else httpx.Limits()
            timeout = self._timeout or DEFAULT_TIMEOUT

            def factory() -> httpx.AsyncClient:
                return _OwnedAsyncClient(timeout=timeout, follow_redirects=bool(follow_redirects), limits=limits)

            httpx_client = factory()
        self.httpx_client = AsyncHttpClient(
            httpx_client=httpx_client,
            client_factory=factory,
            base_url=self.get_base_url,
            base_headers=self.get_headers,
            base_timeout=self.get_timeout,
            max_retries=self.max_retries,
        )

    async def aclose(self) -> None:
        """Close the httpx client if the SDK created it; a caller-supplied client stays open."""
        if self.owns_httpx_client:
            await self.httpx_client.aclose()


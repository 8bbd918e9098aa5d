"""The request engine: URL, headers, query and body building, the retry loop, and error mapping.

:class:`BaseHttpClient` holds everything that does no I/O. :class:`HttpClient` and
:class:`AsyncHttpClient` each add one iterative retry loop; they differ only in ``await``.

Retries (policy in :mod:`.retry`) cover connection errors, timeouts, and retryable statuses. A
streamed response is returned as soon as its status is known, so once the caller reads its body
nothing is retried.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import time
import typing
import weakref

import httpx

from .api_error import RequestValidationError, connection_error, make_api_error
from .file import FileInputs, PreparedFiles, aprepare_files, prepare_files
from .jsonable_encoder import jsonable_encoder
from .logs import logger, redact_headers
from .query_encoder import encode_query, encode_scalar
from .request_options import RequestOptions
from .retry import DEFAULT_MAX_RETRIES, DEFAULT_RETRY_POLICY, RetryPolicy, should_retry

TimeoutTypes = typing.Union[float, httpx.Timeout, None]
RequestTimeout = typing.Union[httpx.Timeout, httpx._client.UseClientDefault]


def merge_headers(*sources: typing.Optional[typing.Mapping[str, typing.Any]]) -> typing.Dict[str, str]:
    """Merge header mappings case-insensitively; later sources win and a None value removes a header."""
    merged: typing.Dict[str, typing.Tuple[str, str]] = {}
    for source in sources:
        for name, value in (source or {}).items():
            if value is None:
                merged.pop(name.lower(), None)
            else:
                merged[name.lower()] = (name, value if type(value) is str else str(encode_scalar(value)))
    return dict(merged.values())


def encode_form(fields: typing.Mapping[str, typing.Any]) -> typing.Dict[str, typing.Union[str, typing.List[str]]]:
    """Multipart form values: None as an empty field (as in 2.x), booleans as ``true``/``false``, lists as repeated fields."""
    form: typing.Dict[str, typing.Union[str, typing.List[str]]] = {}
    for name, value in fields.items():
        if value is None:
            form[name] = ""
        elif isinstance(value, (list, tuple)):
            form[name] = [str(encode_scalar(jsonable_encoder(item))) for item in value if item is not None]
        else:
            form[name] = str(encode_scalar(jsonable_encoder(value)))
    return form


def encode_json(body: typing.Any) -> bytes:
    """Compact UTF-8 JSON, the same bytes whatever the httpx release."""
    try:
        return json.dumps(body, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode("utf-8")
    except ValueError as exc:  # NaN or infinity, which JSON cannot carry
        raise RequestValidationError(f"The request body cannot be sent as JSON: {exc}") from None


@dataclasses.dataclass
class _Call:
    """Everything needed to build one attempt of a request."""

    method: str
    url: str
    params: typing.Optional[typing.List[typing.Tuple[str, typing.Any]]]
    content: typing.Optional[bytes]
    data: typing.Optional[typing.Dict[str, typing.Union[str, typing.List[str]]]]
    headers: typing.Dict[str, str]
    timeout: RequestTimeout
    max_retries: int


class BaseHttpClient:
    """Request building and retry decisions, shared by the sync and async clients."""

    def __init__(
        self,
        *,
        base_url: typing.Callable[[], str],
        base_headers: typing.Callable[[], typing.Dict[str, str]],
        base_timeout: typing.Callable[[], typing.Optional[httpx.Timeout]],
        max_retries: int = DEFAULT_MAX_RETRIES,
        retry_policy: RetryPolicy = DEFAULT_RETRY_POLICY,
    ) -> None:
        if max_retries < 0:
            raise ValueError("max_retries must be 0 or more")
        self.base_url = base_url
        self.base_headers = base_headers
        self.base_timeout = base_timeout
        self.max_retries = max_retries
        self.retry_policy = retry_policy

    def build_url(self, path: typing.Optional[str]) -> str:
        """The base URL joined with ``path``; a path prefix in the base URL is kept."""
        return self.base_url().rstrip("/") + "/" + (path or "").lstrip("/")

    def _call(
        self,
        path: typing.Optional[str],
        *,
        method: str,
        params: typing.Optional[typing.Mapping[str, typing.Any]],
        json: typing.Any,
        data: typing.Optional[typing.Mapping[str, typing.Any]],
        multipart: bool,
        headers: typing.Optional[typing.Mapping[str, typing.Any]],
        request_options: typing.Optional[RequestOptions],
    ) -> _Call:
        options: RequestOptions = request_options or {}
        extra_body = options.get("additional_body_parameters") or {}
        json_body: typing.Any = None
        form = None
        if data is not None or multipart:
            form = encode_form({**(data or {}), **extra_body})
        elif json is not None or extra_body:
            json_body = jsonable_encoder(json) if json is not None else {}
            if isinstance(json_body, dict):
                json_body = {**json_body, **jsonable_encoder(extra_body)} or None
        query = {**(params or {}), **(options.get("additional_query_parameters") or {})}
        timeout: RequestTimeout = httpx.USE_CLIENT_DEFAULT
        if options.get("timeout_in_seconds") is not None:
            timeout = httpx.Timeout(options["timeout_in_seconds"])
        else:
            timeout = self.base_timeout() or httpx.USE_CLIENT_DEFAULT
        max_retries = options.get("max_retries")
        content_type = {"Content-Type": "application/json"} if json_body is not None else None
        return _Call(
            method=method,
            url=self.build_url(path),
            params=encode_query(query) or None,
            content=encode_json(json_body) if json_body is not None else None,
            data=form,
            headers=merge_headers(self.base_headers(), content_type, headers, options.get("additional_headers")),
            timeout=timeout,
            max_retries=self.max_retries if max_retries is None else max(0, max_retries),
        )

    def _retry_delay(
        self, call: _Call, retries_taken: int, response: typing.Optional[httpx.Response]
    ) -> typing.Optional[float]:
        """Seconds to wait before the next attempt, or None to stop and raise."""
        if retries_taken >= call.max_retries:
            return None
        if response is None:
            return self.retry_policy.backoff(retries_taken)
        if not should_retry(response):
            return None
        return self.retry_policy.delay(retries_taken, response.headers)

    @staticmethod
    def _log_request(request: httpx.Request, attempt: int) -> None:
        if logger.isEnabledFor(10):  # DEBUG; checked first so redaction only runs when logging
            logger.debug(
                "Request: %s %s (attempt %d) headers=%s",
                request.method,
                request.url,
                attempt + 1,
                redact_headers(request.headers.items()),
            )

    @staticmethod
    def _log_retry(call: _Call, delay: float, reason: str) -> None:
        logger.info("Retrying %s %s in %.2fs after %s", call.method, call.url, delay, reason)


class HttpClient(BaseHttpClient):
    """Sends requests with a ``httpx.Client``."""

    def __init__(self, *, httpx_client: httpx.Client, **kwargs: typing.Any) -> None:
        super().__init__(**kwargs)
        self.httpx_client = httpx_client
        self._sleep: typing.Callable[[float], None] = time.sleep

    def fetch(
        self,
        path: typing.Optional[str] = None,
        *,
        method: str,
        params: typing.Optional[typing.Mapping[str, typing.Any]] = None,
        json: typing.Any = None,
        data: typing.Optional[typing.Mapping[str, typing.Any]] = None,
        files: typing.Optional[FileInputs] = None,
        headers: typing.Optional[typing.Mapping[str, typing.Any]] = None,
        request_options: typing.Optional[RequestOptions] = None,
        raise_for_status: bool = True,
    ) -> httpx.Response:
        """Send a request and read its body; a failure status raises a typed error unless ``raise_for_status=False``."""
        return self._send(
            path, method, params, json, data, files, headers, request_options, stream=False, raise_for_status=raise_for_status
        )

    def request(self, path: typing.Optional[str] = None, **arguments: typing.Any) -> httpx.Response:
        """:meth:`fetch` returning the response whatever its status, as in 2.x (a shim: the SDK calls :meth:`fetch`)."""
        return self.fetch(path, raise_for_status=False, **arguments)

    @contextlib.contextmanager
    def stream(
        self,
        path: typing.Optional[str] = None,
        *,
        method: str,
        params: typing.Optional[typing.Mapping[str, typing.Any]] = None,
        json: typing.Any = None,
        data: typing.Optional[typing.Mapping[str, typing.Any]] = None,
        files: typing.Optional[FileInputs] = None,
        headers: typing.Optional[typing.Mapping[str, typing.Any]] = None,
        request_options: typing.Optional[RequestOptions] = None,
    ) -> typing.Iterator[httpx.Response]:
        """Send a request and yield the response with its body unread; it is closed on exit."""
        response = self._send(path, method, params, json, data, files, headers, request_options, stream=True)
        try:
            yield response
        finally:
            response.close()

    def _send(
        self,
        path: typing.Optional[str],
        method: str,
        params: typing.Optional[typing.Mapping[str, typing.Any]],
        json: typing.Any,
        data: typing.Optional[typing.Mapping[str, typing.Any]],
        files: typing.Optional[FileInputs],
        headers: typing.Optional[typing.Mapping[str, typing.Any]],
        request_options: typing.Optional[RequestOptions],
        *,
        stream: bool,
        raise_for_status: bool = True,
    ) -> httpx.Response:
        prepared = prepare_files(files) if files is not None else None
        try:
            call = self._call(
                path, method=method, params=params, json=json, data=data, multipart=prepared is not None,
                headers=headers, request_options=request_options,
            )
            return self._attempts(call, prepared, stream=stream, raise_for_status=raise_for_status)
        finally:
            if prepared is not None:
                prepared.close()

    def _attempts(
        self, call: _Call, files: typing.Optional[PreparedFiles], *, stream: bool, raise_for_status: bool
    ) -> httpx.Response:
        retries_taken = 0
        while True:
            request = self.httpx_client.build_request(
                call.method, call.url, params=call.params, content=call.content, data=call.data,
                files=files.files if files is not None else None, headers=call.headers, timeout=call.timeout,
            )
            self._log_request(request, retries_taken)
            response: typing.Optional[httpx.Response] = None
            try:
                response = self.httpx_client.send(request, stream=True)
                if not stream or not response.is_success:
                    response.read()
            except httpx.TransportError as exc:
                if response is not None:
                    response.close()
                delay = self._retry_delay(call, retries_taken, None)
                if delay is None:
                    raise connection_error(exc) from exc
                self._log_retry(call, delay, type(exc).__name__)
            else:
                logger.debug("HTTP %s %s -> %d", call.method, call.url, response.status_code)
                if response.is_success:
                    return response
                delay = self._retry_delay(call, retries_taken, response)
                if delay is None:
                    if not raise_for_status:
                        return response
                    raise make_api_error(response)
                response.close()
                self._log_retry(call, delay, f"status {response.status_code}")
            self._sleep(delay)
            retries_taken += 1


class AsyncHttpClient(BaseHttpClient):
    """Sends requests with a ``httpx.AsyncClient``.

    When the SDK created the httpx client itself (``client_factory`` given), it keeps one per event
    loop: pooled connections cannot outlive the loop that opened them. The pool is closed while its
    loop shuts down (``asyncio.run`` finalizes async generators before closing the loop), and the
    next loop gets a fresh one; so one ``AsyncCartesia`` works across successive ``asyncio.run`` calls.
    """

    def __init__(
        self,
        *,
        httpx_client: httpx.AsyncClient,
        client_factory: typing.Optional[typing.Callable[[], httpx.AsyncClient]] = None,
        **kwargs: typing.Any,
    ) -> None:
        super().__init__(**kwargs)
        self._httpx_client = httpx_client
        self._client_factory = client_factory
        self._loop: typing.Optional[weakref.ReferenceType[asyncio.AbstractEventLoop]] = None
        self._loop_guard: typing.Optional[typing.AsyncGenerator[None, None]] = None
        self._sleep: typing.Callable[[float], typing.Awaitable[None]] = asyncio.sleep

    @property
    def httpx_client(self) -> httpx.AsyncClient:
        """The current httpx client."""
        return self._httpx_client

    async def _client(self) -> httpx.AsyncClient:
        """The httpx client for the running loop."""
        if self._client_factory is None:
            return self._httpx_client
        loop = asyncio.get_running_loop()
        if self._loop is None or self._loop() is not loop:
            if self._loop is not None:  # a new loop: the old pool's connections are unusable here
                self._httpx_client = self._client_factory()
            self._loop = weakref.ref(loop)
            self._loop_guard = self._close_at_loop_shutdown(self._httpx_client)
            await self._loop_guard.__anext__()
        return self._httpx_client

    @staticmethod
    async def _close_at_loop_shutdown(client: httpx.AsyncClient) -> typing.AsyncGenerator[None, None]:
        try:
            yield
        finally:
            await client.aclose()

    async def aclose(self) -> None:
        """Close the current httpx client (only call this for a client the SDK created)."""
        await self._httpx_client.aclose()

    async def fetch(
        self,
        path: typing.Optional[str] = None,
        *,
        method: str,
        params: typing.Optional[typing.Mapping[str, typing.Any]] = None,
        json: typing.Any = None,
        data: typing.Optional[typing.Mapping[str, typing.Any]] = None,
        files: typing.Optional[FileInputs] = None,
        headers: typing.Optional[typing.Mapping[str, typing.Any]] = None,
        request_options: typing.Optional[RequestOptions] = None,
        raise_for_status: bool = True,
    ) -> httpx.Response:
        """Send a request and read its body; a failure status raises a typed error unless ``raise_for_status=False``."""
        return await self._send(
            path, method, params, json, data, files, headers, request_options, stream=False, raise_for_status=raise_for_status
        )

    async def request(self, path: typing.Optional[str] = None, **arguments: typing.Any) -> httpx.Response:
        """:meth:`fetch` returning the response whatever its status, as in 2.x (a shim: the SDK calls :meth:`fetch`)."""
        return await self.fetch(path, raise_for_status=False, **arguments)

    @contextlib.asynccontextmanager
    async def stream(
        self,
        path: typing.Optional[str] = None,
        *,
        method: str,
        params: typing.Optional[typing.Mapping[str, typing.Any]] = None,
        json: typing.Any = None,
        data: typing.Optional[typing.Mapping[str, typing.Any]] = None,
        files: typing.Optional[FileInputs] = None,
        headers: typing.Optional[typing.Mapping[str, typing.Any]] = None,
        request_options: typing.Optional[RequestOptions] = None,
    ) -> typing.AsyncIterator[httpx.Response]:
        """Send a request and yield the response with its body unread; it is closed on exit."""
        response = await self._send(path, method, params, json, data, files, headers, request_options, stream=True)
        try:
            yield response
        finally:
            await response.aclose()

    async def _send(
        self,
        path: typing.Optional[str],
        method: str,
        params: typing.Optional[typing.Mapping[str, typing.Any]],
        json: typing.Any,
        data: typing.Optional[typing.Mapping[str, typing.Any]],
        files: typing.Optional[FileInputs],
        headers: typing.Optional[typing.Mapping[str, typing.Any]],
        request_options: typing.Optional[RequestOptions],
        *,
        stream: bool,
        raise_for_status: bool = True,
    ) -> httpx.Response:
        prepared = await aprepare_files(files) if files is not None else None
        call = self._call(
            path, method=method, params=params, json=json, data=data, multipart=prepared is not None,
            headers=headers, request_options=request_options,
        )
        return await self._attempts(call, prepared, stream=stream, raise_for_status=raise_for_status)

    async def _attempts(
        self, call: _Call, files: typing.Optional[PreparedFiles], *, stream: bool, raise_for_status: bool
    ) -> httpx.Response:
        retries_taken = 0
        while True:
            client = await self._client()
            request = client.build_request(
                call.method, call.url, params=call.params, content=call.content, data=call.data,
                files=files.files if files is not None else None, headers=call.headers, timeout=call.timeout,
            )
            self._log_request(request, retries_taken)
            response: typing.Optional[httpx.Response] = None
            try:
                response = await client.send(request, stream=True)
                if not stream or not response.is_success:
                    await response.aread()
            except httpx.TransportError as exc:
                if response is not None:
                    await response.aclose()
                delay = self._retry_delay(call, retries_taken, None)
                if delay is None:
                    raise connection_error(exc) from exc
                self._log_retry(call, delay, type(exc).__name__)
            else:
                logger.debug("HTTP %s %s -> %d", call.method, call.url, response.status_code)
                if response.is_success:
                    return response
                delay = self._retry_delay(call, retries_taken, response)
                if delay is None:
                    if not raise_for_status:
                        return response
                    raise make_api_error(response)
                await response.aclose()
                self._log_retry(call, delay, f"status {response.status_code}")
            await self._sleep(delay)
            retries_taken += 1

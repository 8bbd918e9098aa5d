"""``reference.md``: every method with its parameters, their types and docs, and an example."""

from __future__ import annotations

import typing

from .config import CHANNEL_EXAMPLES
from .definition import Definition, Endpoint, TypeRef
from .python import describe
from .render_clients import endpoint_params, example


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _method(definition: Definition, endpoint: Endpoint) -> str:
    params = endpoint_params(definition, endpoint)
    positional = [p.prop.name for p in params if p.location == "path"]
    signature = f"client.{endpoint.package}.{endpoint.name}({', '.join(positional + (['...'] if len(params) > len(positional) else []))})"
    lines = [f"### `{signature}`", "", f"`{endpoint.method} {endpoint.path}`", "", endpoint.docs.strip(), ""]
    lines += ["| Parameter | Type | Description |", "|---|---|---|"]
    for param in params:
        required = "" if param.prop.type.is_optional else " (required)"
        wire = f" Sent as `{param.prop.wire}`." if param.prop.wire != param.prop.name else ""
        lines.append(f"| `{param.prop.name}`{required} | `{describe(param.prop.type, definition)}` | {_cell(param.prop.docs)}{wire} |")
    lines.append("| `request_options` | `typing.Optional[RequestOptions]` | Per-call timeout, retries, extra headers, query or body parameters. |")
    lines += ["", _returns(definition, endpoint)]
    lines += ["", "```python", example(definition, endpoint, is_async=False).rstrip(), "```", ""]
    return "\n".join(lines)


def _returns(definition: Definition, endpoint: Endpoint) -> str:
    response = endpoint.response
    if endpoint.pagination is not None:
        return f"Returns a pager of `{describe(_item(definition, endpoint), definition)}`: iterating it fetches the following pages."
    if response.kind == "file":
        return "Yields the audio as `bytes` chunks, as they arrive."
    if response.kind == "sse":
        assert response.type is not None
        return f"Yields `{response.type.name}` events up to `done`; an `error` event raises a typed error."
    if response.kind == "none":
        return "Returns `None`."
    assert response.type is not None
    return f"Returns `{response.type.name}`."


def _item(definition: Definition, endpoint: Endpoint) -> TypeRef:
    assert endpoint.pagination is not None and endpoint.response.type is not None
    page = definition.type(endpoint.response.type)
    results = next(p for p in definition.object_properties(page) if p.name == endpoint.pagination.results)
    return results.type.inner().args[0]


def _channel_section(definition: Definition, package: str) -> typing.List[str]:
    channel = definition.packages[package].channel
    if channel is None:
        return []
    lines = [f"### WebSocket `{channel.path}`", "", channel.docs.strip(), ""]
    if channel.query_params:
        lines += ["| Query parameter | Type | Description |", "|---|---|---|"]
        for prop in channel.query_params:
            lines.append(f"| `{prop.wire}` | `{describe(prop.type, definition)}` | {_cell(prop.docs)} |")
        lines.append("")
    lines += ["| Message | From | Body | Description |", "|---|---|---|---|"]
    for name, origin, body, docs in channel.messages:
        lines.append(f"| `{name}` | {origin} | `{describe(body, definition)}` | {_cell(docs)} |")
    if package in CHANNEL_EXAMPLES:
        methods, code = CHANNEL_EXAMPLES[package]
        lines += ["", f"In the SDK: {methods}", "", "```python", code.rstrip(), "```"]
    return lines + [""]


def render_reference(definition: Definition) -> str:
    lines = [
        "# Reference",
        "",
        "Every method of `Cartesia` (and, with `await` / `async for`, of `AsyncCartesia`), generated from the API",
        "definition in `fern/definition/`. Each method also exists under `with_raw_response`, returning the",
        "response's status, headers and request id beside the data.",
        "",
    ]
    for package in definition.packages.values():
        if not package.endpoints and package.channel is None:
            continue
        lines += [f"## {package.name}", ""]
        lines += [_method(definition, endpoint) for endpoint in package.endpoints]
        lines += _channel_section(definition, package.name)
    return "\n".join(lines).rstrip() + "\n"

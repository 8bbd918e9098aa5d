"""Resource clients: ``<package>/raw_client.py`` does the requests, ``<package>/client.py`` is the public face.

Each module holds a sync class and an async class rendered by the same code, so the twins cannot
drift. Raw methods return the response with its parsed data; public methods return the data.
"""

from __future__ import annotations

import dataclasses
import json
import typing

from .config import CLIENT_BASES, DEFAULT_CARTESIA_VERSION
from .definition import Definition, Endpoint, Property, TypeRef
from .python import ROOT, Imports, TypeNames, client_class, describe, docstring

CORE = f"{ROOT}.core"


@dataclasses.dataclass
class Param:
    prop: Property
    location: str  # path | query | body | file
    order: int = 0  # position in the definition, which is the order on the wire

    @property
    def required(self) -> bool:
        return not self.prop.type.is_optional


def endpoint_params(definition: Definition, endpoint: Endpoint) -> typing.List[Param]:
    """Parameters in signature order: path, then required, then optional ones."""
    body: typing.List[Param] = []
    if endpoint.body is not None:
        properties = list(endpoint.body.properties)
        if endpoint.body.extends is not None:
            properties = definition.object_properties(definition.type(endpoint.body.extends)) + properties
        body = [Param(p, "file" if p.type.contains_file() else "body", i) for i, p in enumerate(properties)]
    query = [Param(p, "query", i) for i, p in enumerate(endpoint.query_params)]
    keyword = query + [p for p in body if p.location == "file"] + [p for p in body if p.location == "body"]
    path = [Param(p, "path") for p in endpoint.path_params]
    return path + [p for p in keyword if p.required] + [p for p in keyword if not p.required]


def _item_type(definition: Definition, endpoint: Endpoint) -> TypeRef:
    assert endpoint.pagination is not None and endpoint.response.type is not None
    response = definition.type(endpoint.response.type)
    results = next(p for p in definition.object_properties(response) if p.name == endpoint.pagination.results)
    inner = results.type.inner()
    assert inner.kind == "list", "paginated results must be a list"
    return inner.args[0]


class _Renderer:
    def __init__(self, definition: Definition, endpoint: Endpoint, imports: Imports, *, is_async: bool) -> None:
        self.definition = definition
        self.endpoint = endpoint
        self.imports = imports
        self.names = TypeNames(definition, imports)
        self.is_async = is_async
        self.params = endpoint_params(definition, endpoint)
        self.options = imports.add(f"{CORE}.request_options", "RequestOptions")

    # Signatures --------------------------------------------------------------------------------

    def annotation(self, param: Param) -> str:
        prop = param.prop
        if prop.allow_multiple:
            inner = self.names.params(prop.type.inner())
            return f"typing.Optional[typing.Union[{inner}, typing.Sequence[{inner}]]]"
        return self.names.params(prop.type)

    def validation_type(self, param: Param) -> str:
        prop = param.prop
        if prop.allow_multiple:
            inner = self.names.model(prop.type.inner())
            return f"typing.Optional[typing.Union[{inner}, typing.List[{inner}]]]"
        return self.names.model(prop.type)

    def signature(self, name: str, returns: str, *, is_async: bool) -> str:
        self.imports.stdlib("import typing")
        lines = ["self,"]
        path = [p for p in self.params if p.location == "path"]
        others = [p for p in self.params if p.location != "path"]
        lines += [f"{p.prop.name}: {self.annotation(p)}," for p in path]
        lines.append("*,")
        for param in others:
            default = "" if param.required else f" = {self.default(param)}"
            lines.append(f"{param.prop.name}: {self.annotation(param)}{default},")
        lines.append(f"request_options: typing.Optional[{self.options}] = None,")
        body = "".join(f"        {line}\n" for line in lines)
        keyword = "async def" if is_async else "def"
        return f"    {keyword} {name}(\n{body}    ) -> {returns}:\n"

    def default(self, param: Param) -> str:
        """None for query parameters; OMIT for body fields, so an explicit None is sent as null (as in 2.x)."""
        if param.location == "body":
            return self.imports.add(f"{CORE}.arguments", "OMIT")
        return "None"

    def forward(self, indent: str = "        ", **replace: str) -> str:
        """The arguments passed on to a twin method, wrapped one per line when long."""
        parts = [
            p.prop.name if p.location == "path" else f"{p.prop.name}={replace.get(p.prop.name, p.prop.name)}" for p in self.params
        ]
        parts.append("request_options=request_options")
        flat = ", ".join(parts)
        if len(flat) + len(indent) <= 80:
            return flat
        return "\n" + "".join(f"{indent}    {part},\n" for part in parts) + indent

    # Request building ----------------------------------------------------------------------------

    def arguments(self, location: str, indent: str) -> typing.Optional[str]:
        """``encode_arguments(...)`` for the parameters at ``location``; ``indent`` is its closing line's."""
        selected = sorted((p for p in self.params if p.location == location), key=lambda p: p.order)
        if not selected:
            return None
        encode = self.imports.add(f"{CORE}.arguments", "encode_arguments")
        argument = self.imports.add(f"{CORE}.arguments", "Argument")
        inner = indent + "        "
        entries = "".join(
            f'{inner}"{p.prop.wire}": {argument}("{p.prop.name}", {p.prop.name}, {self.validation_type(p)}),\n'
            for p in selected
        )
        return f'{encode}(\n{indent}    "{self.endpoint.operation}",\n{indent}    {{\n{entries}{indent}    }},\n{indent})'

    def path_expression(self) -> str:
        path = self.endpoint.path.strip("/")
        trailing = "/" if self.endpoint.path.endswith("/") and path else ""
        if not self.endpoint.path_params:
            return json.dumps(path + trailing)
        encode = self.imports.add(f"{CORE}.arguments", "encode_path_param")
        for param in self.endpoint.path_params:
            # Single quotes inside: an f-string may not reuse its own quote before Python 3.12.
            path = path.replace("{" + param.wire + "}", "{" + f"{encode}('{self.endpoint.operation}', '{param.name}', {param.name})" + "}")
        return "f" + json.dumps(path + trailing)

    def request_call(self, method: str, indent: str = "        ") -> str:
        """The ``httpx_client.fetch(...)``/``stream(...)`` call; ``indent`` is its closing line's."""
        inner = indent + "    "
        lines = [self.path_expression() + ",", f'method="{self.endpoint.method}",']
        value = self.arguments("query", inner)
        if value is not None:
            lines.append(f"params={value},")
        value = self.arguments("body", inner)
        if value is not None:
            lines.append(f"{'data' if self.is_multipart else 'json'}={value},")
        files = sorted((p for p in self.params if p.location == "file"), key=lambda p: p.order)
        if files:
            entries = ", ".join(f'"{p.prop.wire}": {p.prop.name}' for p in files)
            lines.append(f"files={{{entries}}},")
        lines.append("request_options=request_options,")
        body = "".join(f"{inner}{line}\n" for line in lines)
        return f"self._client_wrapper.httpx_client.{method}(\n{body}{indent})"

    @property
    def is_multipart(self) -> bool:
        return self.endpoint.body is not None and self.endpoint.body.kind == "multipart"

    # Raw methods --------------------------------------------------------------------------------

    def raw_method(self) -> str:
        kind = self.endpoint.response.kind
        if self.endpoint.pagination is not None:
            return self._raw_paged()
        if kind in ("file", "sse"):
            return self._raw_stream()
        return self._raw_json()

    def _response_class(self) -> str:
        name = "AsyncHttpResponse" if self.is_async else "HttpResponse"
        return self.imports.add(f"{CORE}.http_response", name)

    def _raw_doc(self, extra: str = "") -> str:
        text = f"Like ``{self.endpoint.name}``, but gives the response (status, headers, request id) with the data."
        return docstring(text + ("\n\n" + extra if extra else ""), "        ")

    def _raw_json(self) -> str:
        response_class = self._response_class()
        aw = "await " if self.is_async else ""
        if self.endpoint.response.kind == "none":
            data_type, data = "None", "None"
        else:
            assert self.endpoint.response.type is not None
            data_type = self.names.model(self.endpoint.response.type)
            parse = self.imports.add(f"{CORE}.http_response", "parse_response")
            data = f"{parse}(response, {data_type})"
        head = self.signature(self.endpoint.name, f"{response_class}[{data_type}]", is_async=self.is_async)
        return (
            head + self._raw_doc()
            + f"        response = {aw}{self.request_call('fetch')}\n"
            + f"        return {response_class}(response, {data})\n"
        )

    def _raw_paged(self) -> str:
        assert self.endpoint.pagination is not None and self.endpoint.response.type is not None
        pagination = self.endpoint.pagination
        response_class = self._response_class()
        pager = self.imports.add(f"{CORE}.pagination", "AsyncPager" if self.is_async else "SyncPager")
        cursor_fn = self.imports.add(f"{CORE}.pagination", "next_cursor")
        parse = self.imports.add(f"{CORE}.http_response", "parse_response")
        page_type = self.names.model(self.endpoint.response.type)
        item = self.names.model(_item_type(self.definition, self.endpoint))
        response_props = {p.name for p in self.definition.object_properties(self.definition.type(self.endpoint.response.type))}
        has_more = "page.has_more" if "has_more" in response_props else "None"
        aw = "await " if self.is_async else ""
        forward = self.forward("            ", **{pagination.cursor: "cursor"})
        keyword = "async def" if self.is_async else "def"
        fetch = f"(await self.{self.endpoint.name}({forward}))" if self.is_async else f"self.{self.endpoint.name}({forward})"
        head = self.signature(self.endpoint.name, f"{response_class}[{pager}[{item}]]", is_async=self.is_async)
        return (
            head + self._raw_doc("The data is the first page; iterating it fetches the pages after it.")
            + f"        response = {aw}{self.request_call('fetch')}\n"
            + f"        page = {parse}(response, {page_type})\n"
            + f"        cursor = {cursor_fn}(items=page.{pagination.results}, has_more={has_more}, next_page=page.{pagination.next_cursor})\n\n"
            + f"        {keyword} get_next() -> {pager}[{item}]:\n"
            + f"            return {fetch}.data\n\n"
            + f"        pager = {pager}(\n"
            + "            has_next=cursor is not None,\n"
            + f"            items=page.{pagination.results},\n"
            + "            get_next=get_next if cursor is not None else None,\n"
            + "            response=response,\n"
            + "        )\n"
            + f"        return {response_class}(response, pager)\n"
        )

    def stream_item(self) -> str:
        if self.endpoint.response.kind == "file":
            self.imports.stdlib("import builtins")
            return "builtins.bytes"
        assert self.endpoint.response.type is not None
        return self.names.model(self.endpoint.response.type)

    def _raw_stream(self) -> str:
        context = self.imports.add(f"{CORE}.streaming", "AsyncStreamContext" if self.is_async else "StreamContext")
        iterator = "typing.AsyncIterator" if self.is_async else "typing.Iterator"
        item = self.stream_item()
        if self.endpoint.response.kind == "file":
            parser = self.imports.add(f"{CORE}.streaming", "abyte_chunks" if self.is_async else "byte_chunks")
            parse = f'{parser}((request_options or {{}}).get("chunk_size"))'
        else:
            parser = self.imports.add(f"{CORE}.streaming", "asse_events" if self.is_async else "sse_events")
            parse = f'{parser}({item}, "{self.endpoint.operation}")'
        head = self.signature(self.endpoint.name, f"{context}[{iterator}[{item}]]", is_async=False)
        doc = "The request is sent when the returned context is entered; its ``data`` yields the stream."
        return (
            head + self._raw_doc(doc)
            + f"        return {context}(\n"
            + f"            {self.request_call('stream', '            ')},\n"
            + f"            {parse},\n"
            + "        )\n"
        )

    # Public methods -----------------------------------------------------------------------------

    def public_method(self) -> str:
        name = self.endpoint.name
        kind = self.endpoint.response.kind
        if kind in ("file", "sse") and self.endpoint.pagination is None:
            helper = self.imports.add(f"{CORE}.streaming", "aiter_stream" if self.is_async else "iter_stream")
            iterator = "typing.AsyncIterator" if self.is_async else "typing.Iterator"
            returns = f"{iterator}[{self.stream_item()}]"
            head = self.signature(name, returns, is_async=False)
            return head + self.public_doc(returns) + f"        return {helper}(self._raw_client.{name}({self.forward()}))\n"
        if self.endpoint.pagination is not None:
            pager = self.imports.add(f"{CORE}.pagination", "AsyncPager" if self.is_async else "SyncPager")
            returns = f"{pager}[{self.names.model(_item_type(self.definition, self.endpoint))}]"
        elif kind == "none":
            returns = "None"
        else:
            assert self.endpoint.response.type is not None
            returns = self.names.model(self.endpoint.response.type)
        head = self.signature(name, returns, is_async=self.is_async)
        call = f"self._raw_client.{name}({self.forward()})"
        if self.is_async:
            return head + self.public_doc(returns) + f"        response = await {call}\n        return response.data\n"
        return head + self.public_doc(returns) + f"        return {call}.data\n"

    def public_doc(self, returns: str) -> str:
        parts = [self.endpoint.docs or self.endpoint.display_name, "", "Parameters", "----------"]
        for param in self.params:
            parts.append(f"{param.prop.name} : {describe(param.prop.type, self.definition)}")
            if param.prop.docs:
                parts.extend("    " + line for line in param.prop.docs.splitlines())
            parts.append("")
        parts += ["request_options : typing.Optional[RequestOptions]", "    Per-call options: timeout, retries, extra headers, query or body parameters.", ""]
        kind = self.endpoint.response.kind
        if kind == "file":
            parts += ["Yields", "------", "bytes", "    The audio, chunk by chunk, as it arrives."]
        elif kind == "sse":
            parts += ["Yields", "------", self.stream_item(), "    Each event as it arrives, up to and including ``done``. An ``error`` event raises."]
        else:
            parts += ["Returns", "-------", returns]
        parts += ["", "Examples", "--------", *example(self.definition, self.endpoint, is_async=self.is_async).splitlines()]
        return docstring("\n".join(parts), "        ")


def _literal(value: typing.Any, indent: str) -> str:
    """A Python literal for a JSON-like example value, wrapped when long."""
    flat = _flat(value)
    if len(indent) + len(flat) <= 100 or not isinstance(value, (dict, list)):
        return flat
    inner = indent + "    "
    if isinstance(value, dict):
        items = "".join(f"{inner}{json.dumps(k)}: {_literal(v, inner)},\n" for k, v in value.items())
        return "{\n" + items + indent + "}"
    items = "".join(f"{inner}{_literal(v, inner)},\n" for v in value)
    return "[\n" + items + indent + "]"


def _flat(value: typing.Any) -> str:
    if isinstance(value, list) and len(value) > 8 and len({json.dumps(item) for item in value}) == 1:
        return f"[{_flat(value[0])}] * {len(value)}"  # e.g. a 192-number embedding
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)}: {_flat(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flat(v) for v in value) + "]"
    return repr(value)


def example_arguments(definition: Definition, endpoint: Endpoint) -> typing.List[typing.Tuple[str, str]]:
    """(python name, literal) pairs for the first example of an endpoint."""
    sample = endpoint.examples[0] if endpoint.examples else {}
    by_wire = {p.prop.wire: p for p in endpoint_params(definition, endpoint)}
    values: typing.Dict[str, typing.Any] = {}
    for section in ("path-parameters", "query-parameters", "request"):
        block = sample.get(section) or {}
        if isinstance(block, dict):
            values.update(block)
    pairs = []
    for param in endpoint_params(definition, endpoint):
        if param.location == "file" and param.required:
            pairs.append((param.prop.name, json.dumps(f"path/to/{param.prop.name}.wav")))
        elif param.prop.wire in values:
            pairs.append((param.prop.name, _literal(values[param.prop.wire], "    ")))
    unknown = set(values) - set(by_wire)
    if unknown:
        raise ValueError(f"{endpoint.operation}: example names unknown parameters {sorted(unknown)}")
    return pairs


def _container(endpoint: Endpoint) -> str:
    """The audio container an example asks for, for the output file's extension."""
    request = (endpoint.examples[0].get("request") if endpoint.examples else None) or {}
    fmt = request.get("output_format")
    container = fmt.get("container") if isinstance(fmt, dict) else request.get("output_format[container]")
    return {"raw": "pcm"}.get(container, container) if isinstance(container, str) else "bin"


def _client_arguments(endpoint: Endpoint) -> str:
    """The client's constructor arguments in an example: the key, and the version the example names."""
    headers = (endpoint.examples[0].get("headers") if endpoint.examples else None) or {}
    version = headers.get("Cartesia-Version", DEFAULT_CARTESIA_VERSION)
    extra = f', cartesia_version="{version}"' if version != DEFAULT_CARTESIA_VERSION else ""
    return f'api_key="YOUR_API_KEY"{extra}'


def example(definition: Definition, endpoint: Endpoint, *, is_async: bool) -> str:
    """A runnable example of one endpoint."""
    pairs = example_arguments(definition, endpoint)
    arguments = _client_arguments(endpoint)
    call_args = "".join(f"    {name}={value},\n" for name, value in pairs)
    call = f"client.{endpoint.package}.{endpoint.name}(\n{call_args})" if pairs else f"client.{endpoint.package}.{endpoint.name}()"
    kind = "pager" if endpoint.pagination else endpoint.response.kind
    output = f"output.{_container(endpoint)}"
    if not is_async:
        head = f"from cartesia import Cartesia\n\nclient = Cartesia({arguments})\n"
        body = {
            "json": f"response = {call}\nprint(response)\n",
            "none": f"{call}\n",
            "pager": f"pager = {call}\nfor item in pager:\n    print(item)\n",
            "file": f"chunks = {call}\nwith open(\"{output}\", \"wb\") as out:\n    for chunk in chunks:\n        out.write(chunk)\n",
            "sse": f"for event in {call}:\n    print(event.type)\n",
        }[kind]
        return head + body
    indented = call.replace("\n", "\n    ")
    body = {
        "json": f"    response = await {indented}\n    print(response)\n",
        "none": f"    await {indented}\n",
        "pager": f"    pager = await {indented}\n    async for item in pager:\n        print(item)\n",
        "file": f"    with open(\"{output}\", \"wb\") as out:\n        async for chunk in {indented.replace(chr(10), chr(10) + '    ')}:\n            out.write(chunk)\n",
        "sse": f"    async for event in {indented}:\n        print(event.type)\n",
    }[kind]
    return (
        "import asyncio\n\nfrom cartesia import AsyncCartesia\n\n"
        f"client = AsyncCartesia({arguments})\n\n\n"
        "async def main() -> None:\n" + body + "\n\nasyncio.run(main())\n"
    )


def _wrapper(imports: Imports, is_async: bool) -> str:
    return imports.add(f"{CORE}.client_wrapper", "AsyncClientWrapper" if is_async else "SyncClientWrapper")


def render_raw_client(definition: Definition, package: str) -> str:
    module = f"{ROOT}.{package}.raw_client"
    imports = Imports(module)
    classes = []
    for is_async in (False, True):
        name = ("AsyncRaw" if is_async else "Raw") + client_class(package)
        wrapper = _wrapper(imports, is_async)
        methods = [
            _Renderer(definition, endpoint, imports, is_async=is_async).raw_method()
            for endpoint in definition.packages[package].endpoints
        ]
        doc = docstring(f"The ``{package}`` endpoints with raw responses: status, headers and request id beside the data.", "    ")
        init = (
            f"    def __init__(self, *, client_wrapper: {wrapper}) -> None:\n"
            "        self._client_wrapper = client_wrapper\n"
        )
        classes.append(f"class {name}:\n{doc}\n{init}\n" + "\n".join(methods))
    return imports.render() + "\n\n\n" + "\n\n".join(classes)


def render_client(definition: Definition, package: str) -> str:
    module = f"{ROOT}.{package}.client"
    imports = Imports(module)
    classes = []
    for is_async in (False, True):
        name = ("Async" if is_async else "") + client_class(package)
        raw = imports.add(f"{ROOT}.{package}.raw_client", ("AsyncRaw" if is_async else "Raw") + client_class(package))
        wrapper = _wrapper(imports, is_async)
        methods = [
            _Renderer(definition, endpoint, imports, is_async=is_async).public_method()
            for endpoint in definition.packages[package].endpoints
        ]
        doc = docstring(f"The ``{package}`` endpoints.", "    ")
        bases = ""
        if package in CLIENT_BASES:
            base_module, sync_base, async_base = CLIENT_BASES[package]
            bases = "(" + imports.add(base_module, async_base if is_async else sync_base) + ")"
        init = (
            f"    def __init__(self, *, client_wrapper: {wrapper}) -> None:\n"
            "        self._client_wrapper = client_wrapper\n"
            f"        self._raw_client = {raw}(client_wrapper=client_wrapper)\n\n"
            "    @property\n"
            f"    def with_raw_response(self) -> {raw}:\n"
            '        """The same methods, returning the response (status, headers, request id) with the data."""\n'
            "        return self._raw_client\n"
        )
        classes.append(f"class {name}{bases}:\n{doc}\n{init}\n" + "\n".join(methods))
    return imports.render() + "\n\n\n" + "\n\n".join(classes)

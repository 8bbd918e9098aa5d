"""Read a Fern definition (``fern/definition/*.yml``) into plain data the renderers walk.

Only the parts of Fern's format this API uses are understood; anything else fails loudly, so a
definition change the generator cannot express is caught rather than silently dropped.
"""

from __future__ import annotations

import dataclasses
import keyword
import pathlib
import re
import typing

import yaml

PRIMITIVES = frozenset(
    {"string", "integer", "long", "double", "float", "boolean", "datetime", "date", "uuid", "base64", "unknown", "file"}
)


@dataclasses.dataclass(frozen=True)
class TypeRef:
    """A parsed Fern type expression."""

    kind: str  # primitive | named | optional | list | set | map | literal
    name: str = ""  # primitive or type name
    package: str = ""  # package of a named type
    args: typing.Tuple[TypeRef, ...] = ()
    value: typing.Any = None  # literal value

    @property
    def is_optional(self) -> bool:
        return self.kind == "optional"

    def inner(self) -> TypeRef:
        """The type without an outer ``optional``."""
        return self.args[0] if self.kind == "optional" else self

    def contains_file(self) -> bool:
        return (self.kind == "primitive" and self.name == "file") or any(arg.contains_file() for arg in self.args)


@dataclasses.dataclass(frozen=True)
class Property:
    wire: str  # the key on the wire
    name: str  # the Python name
    type: TypeRef
    docs: str = ""
    allow_multiple: bool = False


@dataclasses.dataclass
class EnumValue:
    name: str
    value: str
    docs: str = ""


@dataclasses.dataclass
class UnionMember:
    key: str  # discriminant value ("" for undiscriminated members)
    type: TypeRef
    docs: str = ""


@dataclasses.dataclass
class TypeDecl:
    package: str
    name: str
    kind: str  # object | alias | enum | union | undiscriminated
    docs: str = ""
    properties: typing.List[Property] = dataclasses.field(default_factory=list)
    extends: typing.List[TypeRef] = dataclasses.field(default_factory=list)
    alias_of: typing.Optional[TypeRef] = None
    values: typing.List[EnumValue] = dataclasses.field(default_factory=list)
    discriminant: str = ""
    members: typing.List[UnionMember] = dataclasses.field(default_factory=list)

    @property
    def has_params(self) -> bool:
        """Whether callers may pass this type as a TypedDict (objects and unions)."""
        return self.kind in ("object", "union", "undiscriminated")


@dataclasses.dataclass
class Body:
    kind: str  # json | multipart
    properties: typing.List[Property]
    extends: typing.Optional[TypeRef] = None


@dataclasses.dataclass
class Response:
    kind: str  # none | json | file | sse
    type: typing.Optional[TypeRef] = None


@dataclasses.dataclass
class Pagination:
    cursor: str  # request parameter carrying the cursor
    next_cursor: str  # response property with the next cursor
    results: str  # response property with the items


@dataclasses.dataclass
class Endpoint:
    package: str
    name: str
    method: str
    path: str
    docs: str
    display_name: str
    path_params: typing.List[Property]
    query_params: typing.List[Property]
    body: typing.Optional[Body]
    response: Response
    pagination: typing.Optional[Pagination]
    examples: typing.List[typing.Dict[str, typing.Any]]
    auth: bool

    @property
    def operation(self) -> str:
        return f"{self.package}.{self.name}"


@dataclasses.dataclass
class Channel:
    package: str
    path: str
    docs: str
    display_name: str
    query_params: typing.List[Property]
    messages: typing.List[typing.Tuple[str, str, TypeRef, str]]  # (name, origin, body type, docs)


@dataclasses.dataclass
class Package:
    name: str
    source: str  # path of the definition file, relative to the repository
    docs: str
    types: typing.Dict[str, TypeDecl]
    endpoints: typing.List[Endpoint]
    channel: typing.Optional[Channel]


@dataclasses.dataclass
class Definition:
    api_name: str
    docs: str
    packages: typing.Dict[str, Package]

    def type(self, ref: TypeRef) -> TypeDecl:
        """The declaration a named reference points to."""
        return self.packages[ref.package].types[ref.name]

    def all_types(self) -> typing.Iterator[TypeDecl]:
        for package in self.packages.values():
            yield from package.types.values()

    def object_properties(self, decl: TypeDecl) -> typing.List[Property]:
        """An object's properties, those of the types it extends first."""
        inherited: typing.List[Property] = []
        for parent in decl.extends:
            inherited.extend(self.object_properties(self.type(parent)))
        return inherited + decl.properties


_TOKEN = re.compile(r"\s*([A-Za-z_][\w.]*|<|>|,|\"[^\"]*\"|true|false)")


def parse_type(text: str, package: str, imports: typing.Mapping[str, str]) -> TypeRef:
    """Parse ``optional<list<tts.Emotion>>`` and the like."""
    tokens = [match.group(1) for match in _TOKEN.finditer(text)]
    if "".join(tokens) != re.sub(r"\s+", "", text):
        raise ValueError(f"cannot parse type {text!r}")
    position = 0

    def take() -> str:
        nonlocal position
        if position >= len(tokens):
            raise ValueError(f"unexpected end of type {text!r}")
        token = tokens[position]
        position += 1
        return token

    def peek() -> str:
        return tokens[position] if position < len(tokens) else ""

    def expression() -> TypeRef:
        word = take()
        if word in ("optional", "list", "set", "map", "literal"):
            if take() != "<":
                raise ValueError(f"expected '<' in {text!r}")
            if word == "literal":
                raw = take()
                value: typing.Any = raw.strip('"') if raw.startswith('"') else raw == "true"
                result = TypeRef("literal", value=value)
            else:
                args = [expression()]
                while peek() == ",":
                    take()
                    args.append(expression())
                result = TypeRef(word, args=tuple(args))
            if take() != ">":
                raise ValueError(f"expected '>' in {text!r}")
            return result
        if word in PRIMITIVES:
            return TypeRef("primitive", name=word)
        if "." in word:
            alias, name = word.split(".", 1)
            if alias not in imports:
                raise ValueError(f"{text!r}: {alias!r} is not imported")
            return TypeRef("named", name=name, package=imports[alias])
        return TypeRef("named", name=word, package=package)

    ref = expression()
    if position != len(tokens):
        raise ValueError(f"trailing tokens in type {text!r}")
    return ref


def python_name(wire: str, override: typing.Optional[str] = None) -> str:
    name = override or wire
    if not name.isidentifier():
        raise ValueError(f"{wire!r} needs a `name:` that is a Python identifier")
    return name + "_" if keyword.iskeyword(name) else name


def _docs(node: typing.Any) -> str:
    return str(node.get("docs", "")).strip() if isinstance(node, dict) else ""


def _property(wire: str, node: typing.Any, package: str, imports: typing.Mapping[str, str]) -> Property:
    if isinstance(node, str):
        return Property(wire, python_name(wire), parse_type(node, package, imports))
    return Property(
        wire=wire,
        name=python_name(wire, node.get("name")),
        type=parse_type(node["type"], package, imports),
        docs=_docs(node),
        allow_multiple=bool(node.get("allow-multiple", False)),
    )


def _properties(nodes: typing.Optional[typing.Mapping[str, typing.Any]], package: str, imports: typing.Mapping[str, str]) -> typing.List[Property]:
    return [_property(wire, node, package, imports) for wire, node in (nodes or {}).items()]


def _type_decl(name: str, node: typing.Any, package: str, imports: typing.Mapping[str, str]) -> TypeDecl:
    if isinstance(node, str):
        return TypeDecl(package, name, "alias", alias_of=parse_type(node, package, imports))
    docs = _docs(node)
    if "enum" in node:
        values = []
        for item in node["enum"]:
            if isinstance(item, str):
                values.append(EnumValue(item, item))
            else:
                values.append(EnumValue(item["name"], str(item.get("value", item["name"])), _docs(item)))
        return TypeDecl(package, name, "enum", docs, values=values)
    if "union" in node:
        if node.get("discriminated") is False:
            members = [
                UnionMember("", parse_type(m if isinstance(m, str) else m["type"], package, imports), _docs(m))
                for m in node["union"]
            ]
            return TypeDecl(package, name, "undiscriminated", docs, members=members)
        members = [
            UnionMember(key, parse_type(m if isinstance(m, str) else m["type"], package, imports), _docs(m))
            for key, m in node["union"].items()
        ]
        return TypeDecl(package, name, "union", docs, discriminant=node["discriminant"], members=members)
    if "properties" in node or "extends" in node:
        extends = node.get("extends", [])
        extends = [extends] if isinstance(extends, str) else extends
        return TypeDecl(
            package, name, "object", docs,
            properties=_properties(node.get("properties"), package, imports),
            extends=[parse_type(e, package, imports) for e in extends],
        )
    if "type" in node:
        return TypeDecl(package, name, "alias", docs, alias_of=parse_type(node["type"], package, imports))
    raise ValueError(f"{package}.{name}: unsupported type declaration {sorted(node)}")


def _response(node: typing.Mapping[str, typing.Any], package: str, imports: typing.Mapping[str, str]) -> Response:
    if "response-stream" in node:
        stream = node["response-stream"]
        if stream.get("format") != "sse":
            raise ValueError(f"{package}: only SSE response streams are supported, got {stream.get('format')!r}")
        return Response("sse", parse_type(stream["type"], package, imports))
    response = node.get("response")
    if response is None:
        return Response("none")
    text = response if isinstance(response, str) else response["type"]
    if text == "file":
        return Response("file")
    return Response("json", parse_type(text, package, imports))


def _endpoint(name: str, node: typing.Mapping[str, typing.Any], package: str, imports: typing.Mapping[str, str], default_auth: bool) -> Endpoint:
    request = node.get("request") or {}
    if isinstance(request, str):
        request = {"body": request}
    body = None
    raw_body = request.get("body")
    if isinstance(raw_body, str):
        raise ValueError(f"{package}.{name}: give the body as `extends:` so that its fields become arguments")
    if raw_body is not None:
        extends = raw_body.get("extends")
        properties = _properties(raw_body.get("properties"), package, imports)
        kind = "multipart" if any(p.type.contains_file() for p in properties) else "json"
        body = Body(kind, properties, parse_type(extends, package, imports) if extends else None)
    pagination = None
    if "pagination" in node:
        spec = node["pagination"]
        pagination = Pagination(
            cursor=spec["cursor"].removeprefix("$request."),
            next_cursor=spec["next_cursor"].removeprefix("$response."),
            results=spec["results"].removeprefix("$response."),
        )
    path_params = _properties(node.get("path-parameters"), package, imports) + _properties(request.get("path-parameters"), package, imports)
    return Endpoint(
        package=package,
        name=name,
        method=node["method"],
        path=node["path"],
        docs=_docs(node),
        display_name=node.get("display-name", name),
        path_params=path_params,
        query_params=_properties(request.get("query-parameters"), package, imports),
        body=body,
        response=_response(node, package, imports),
        pagination=pagination,
        examples=list(node.get("examples") or []),
        auth=bool(node.get("auth", default_auth)),
    )


def _channel(node: typing.Mapping[str, typing.Any], package: str, imports: typing.Mapping[str, str]) -> Channel:
    messages = []
    for name, message in node.get("messages", {}).items():
        messages.append((name, message["origin"], parse_type(message["body"], package, imports), _docs(message)))
    return Channel(
        package=package,
        path=node["path"],
        docs=_docs(node),
        display_name=node.get("display-name", package),
        query_params=_properties(node.get("query-parameters"), package, imports),
        messages=messages,
    )


def load(root: pathlib.Path, definition_dir: str = "fern/definition") -> Definition:
    """Read every package file under ``definition_dir`` (relative to the repository ``root``)."""
    directory = root / definition_dir
    api = yaml.safe_load((directory / "api.yml").read_text())
    packages: typing.Dict[str, Package] = {}
    for path in sorted(directory.glob("*.yml")):
        if path.name == "api.yml":
            continue
        package = path.stem
        node = yaml.safe_load(path.read_text()) or {}
        unknown = set(node) - {"imports", "types", "service", "channel", "docs"}
        if unknown:
            raise ValueError(f"{path.name}: unsupported top-level keys {sorted(unknown)}")
        imports = {alias: pathlib.PurePosixPath(target).stem for alias, target in (node.get("imports") or {}).items()}
        types = {name: _type_decl(name, decl, package, imports) for name, decl in (node.get("types") or {}).items()}
        service = node.get("service") or {}
        endpoints = [
            _endpoint(name, spec, package, imports, bool(service.get("auth", False)))
            for name, spec in (service.get("endpoints") or {}).items()
        ]
        channel = _channel(node["channel"], package, imports) if "channel" in node else None
        packages[package] = Package(package, f"{definition_dir}/{path.name}", _docs(node), types, endpoints, channel)
    definition = Definition(str(api.get("name", "api")), _docs(api), packages)
    _check_references(definition)
    return definition


def _check_references(definition: Definition) -> None:
    """Every named reference points at a declared type."""

    def visit(ref: TypeRef, where: str) -> None:
        if ref.kind == "named":
            if ref.package not in definition.packages or ref.name not in definition.packages[ref.package].types:
                raise ValueError(f"{where}: unknown type {ref.package}.{ref.name}")
        for arg in ref.args:
            visit(arg, where)

    for decl in definition.all_types():
        where = f"{decl.package}.{decl.name}"
        for ref in [p.type for p in decl.properties] + decl.extends + [m.type for m in decl.members]:
            visit(ref, where)
        if decl.alias_of is not None:
            visit(decl.alias_of, where)
    for package in definition.packages.values():
        for endpoint in package.endpoints:
            props = endpoint.path_params + endpoint.query_params + (endpoint.body.properties if endpoint.body else [])
            for prop in props:
                visit(prop.type, endpoint.operation)
            if endpoint.body is not None and endpoint.body.extends is not None:
                visit(endpoint.body.extends, endpoint.operation)
            if endpoint.response.type is not None:
                visit(endpoint.response.type, endpoint.operation)

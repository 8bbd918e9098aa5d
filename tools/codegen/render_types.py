"""Models (``<package>/types/``) and TypedDict params (``<package>/requests/``), one module per type."""

from __future__ import annotations

import typing

from .config import MODEL_BASES
from .definition import Definition, Property, TypeDecl, TypeRef
from .python import ROOT, Imports, TypeNames, docstring, member_class, relative, requests_module, types_module
from .python import literal as python_literal

Files = typing.Dict[str, str]


class TypeModule(typing.NamedTuple):
    module: str  # absolute dotted module
    exports: typing.List[str]
    code: str  # without the header


def _header_free(imports: Imports, body: str) -> str:
    # isort's convention: two blank lines before a class or function, one before anything else.
    gap = "\n\n\n" if body.startswith(("class ", "def ", "@")) else "\n\n"
    return imports.render() + gap + body.rstrip() + "\n"


def _field_default(prop: Property, *, optional: bool, literal: typing.Any, has_literal: bool) -> str:
    alias = prop.wire if prop.wire != prop.name else None
    if has_literal:
        default = python_literal(literal)
        return f' = pydantic.Field(default={default}, alias="{alias}")' if alias else f" = {default}"
    if optional:
        return f' = pydantic.Field(default=None, alias="{alias}")' if alias else " = None"
    return f' = pydantic.Field(alias="{alias}")' if alias else ""


def _model_fields(properties: typing.Sequence[Property], names: TypeNames, imports: Imports) -> str:
    lines = []
    for prop in properties:
        annotation = names.model(prop.type)
        literal = prop.type.value if prop.type.kind == "literal" else None
        default = _field_default(prop, optional=prop.type.is_optional, literal=literal, has_literal=prop.type.kind == "literal")
        if "pydantic.Field" in default:
            imports.third("import pydantic")
        lines.append(f"    {prop.name}: {annotation}{default}\n" + docstring(prop.docs, "    "))
    return "\n".join(lines)


def _params_fields(properties: typing.Sequence[Property], names: TypeNames, imports: Imports) -> str:
    lines = []
    for prop in properties:
        annotation = names.params(prop.type)
        if prop.wire != prop.name:
            metadata = imports.add(f"{ROOT}.core.serialization", "FieldMetadata")
            imports.third("import typing_extensions")
            annotation = f'typing_extensions.Annotated[{annotation}, {metadata}(alias="{prop.wire}")]'
        if prop.type.is_optional:
            imports.third("import typing_extensions")
            annotation = f"typing_extensions.NotRequired[{annotation}]"
        lines.append(f"    {prop.name}: {annotation}")
    return "\n".join(lines)


def _class(name: str, bases: str, docs: str, fields: str) -> str:
    body = docstring(docs, "    ")
    if fields:
        body += ("\n" if body else "") + fields.rstrip("\n") + "\n"
    if not body:
        body = "    pass\n"
    return f"class {name}({bases}):\n{body}"


def _union_lines(prefix: str, members: typing.Sequence[str]) -> str:
    one_line = f"{prefix}typing.Union[{', '.join(members)}]"
    if len(one_line) <= 120:
        return one_line
    inner = "".join(f"    {m},\n" for m in members)
    return f"{prefix}typing.Union[\n{inner}]"


def _discriminant(decl: TypeDecl, key: str) -> Property:
    return Property(decl.discriminant, decl.discriminant, TypeRef("literal", value=key), f"Always `{key}`.")


def render_type(definition: Definition, decl: TypeDecl) -> TypeModule:
    module = types_module(decl.package, decl.name)
    imports = Imports(module)
    names = TypeNames(definition, imports)
    exports = [decl.name]
    if decl.kind == "enum":
        imports.stdlib("import typing")
        literals = ", ".join(f'"{value.value}"' for value in decl.values)
        body = f"{decl.name} = typing.Union[typing.Literal[{literals}], str]\n"
        if len(body) > 121:
            values = "".join(f'        "{value.value}",\n' for value in decl.values)
            body = f"{decl.name} = typing.Union[\n    typing.Literal[\n{values}    ],\n    str,\n]\n"
        body += docstring(decl.docs + "\n\nOther values the service may add are accepted too.", "")
    elif decl.kind == "alias":
        assert decl.alias_of is not None
        body = f"{decl.name} = {names.model(decl.alias_of)}\n" + docstring(decl.docs, "")
    elif decl.kind == "undiscriminated":
        imports.stdlib("import typing")
        body = _union_lines(f"{decl.name} = ", [names.model(m.type) for m in decl.members]) + "\n" + docstring(decl.docs, "")
    elif decl.kind == "object":
        if decl.extends:
            bases = ", ".join(names.model(parent) for parent in decl.extends)
        else:
            bases = imports.add(f"{ROOT}.core.pydantic_utilities", "UniversalBaseModel")
        body = _class(decl.name, bases, decl.docs, _model_fields(decl.properties, names, imports))
    elif decl.kind == "union":
        base = imports.add(f"{ROOT}.core.pydantic_utilities", "UniversalBaseModel")
        imports.stdlib("import typing")
        imports.third("import pydantic")
        imports.third("import typing_extensions")
        classes = []
        members = []
        for member in decl.members:
            member_decl = definition.type(member.type)
            if member_decl.kind != "object":
                raise ValueError(f"{decl.name}.{member.key}: union members must be objects")
            name = member_class(decl.name, member.key)
            members.append(name)
            exports.append(name)
            fields = [_discriminant(decl, member.key), *definition.object_properties(member_decl)]
            docs = member.docs or member_decl.docs
            bases = base
            if name in MODEL_BASES:
                bases = imports.add(*MODEL_BASES[name]) + ", " + base
            classes.append(_class(name, bases, docs, _model_fields(fields, names, imports)))
        union = _union_lines("    ", members).strip()
        body = "\n\n".join(classes) + (
            f"\n\n{decl.name} = typing_extensions.Annotated[\n    {union},\n"
            f'    pydantic.Field(discriminator="{decl.discriminant}"),\n]\n'
        )
        body += docstring(decl.docs, "")
    else:
        raise ValueError(f"unknown kind {decl.kind}")
    return TypeModule(module, exports, _header_free(imports, body))


def render_params(definition: Definition, decl: TypeDecl) -> TypeModule:
    module = requests_module(decl.package, decl.name)
    imports = Imports(module)
    names = TypeNames(definition, imports)
    name = f"{decl.name}Params"
    exports = [name]
    if decl.kind == "undiscriminated":
        imports.stdlib("import typing")
        body = _union_lines(f"{name} = ", [names.params(m.type) for m in decl.members]) + "\n" + docstring(decl.docs, "")
    elif decl.kind == "object":
        if decl.extends:
            bases = ", ".join(names.params(parent) for parent in decl.extends)
        else:
            imports.third("import typing_extensions")
            bases = "typing_extensions.TypedDict"
        body = _class(name, bases, decl.docs, _params_fields(decl.properties, names, imports))
    elif decl.kind == "union":
        imports.stdlib("import typing")
        imports.third("import typing_extensions")
        classes = []
        members = []
        for member in decl.members:
            member_decl = definition.type(member.type)
            member_name = member_class(decl.name, member.key) + "Params"
            members.append(member_name)
            exports.append(member_name)
            fields = [_discriminant(decl, member.key), *definition.object_properties(member_decl)]
            docs = member.docs or member_decl.docs
            classes.append(_class(member_name, "typing_extensions.TypedDict", docs, _params_fields(fields, names, imports)))
        body = "\n\n".join(classes) + "\n\n" + _union_lines(f"{name} = ", members) + "\n" + docstring(decl.docs, "")
    else:
        raise ValueError(f"{decl.name}: no params for kind {decl.kind}")
    return TypeModule(module, exports, _header_free(imports, body))


def lazy_init(module: str, exports: typing.Mapping[str, str], *, submodules: typing.Sequence[str] = (), docs: str = "", extra_imports: str = "") -> str:
    """An ``__init__`` exposing ``exports`` (name → absolute module) on first access."""
    package = module.rsplit(".", 1)[0] if module.endswith(".__init__") else module
    imports = Imports(f"{package}.__init__")
    imports.stdlib("import typing")
    imports.add(f"{ROOT}.core.lazy", "lazy_exports")
    for name, target in exports.items():
        imports.add_for_typing(target, name)
    for name in submodules:
        imports.add_for_typing(package, name)
    mapping = {name: relative(f"{package}.__init__", target) for name, target in sorted(exports.items())}
    names = sorted(exports) + sorted(submodules)
    lines = []
    if docs:
        lines.append(docstring(docs, "").rstrip() + "\n\n")
    lines.append(imports.render() + "\n")
    if extra_imports:
        lines.append(extra_imports)
    all_names = "".join(f'    "{name}",\n' for name in names)
    lines.append(f"\n__all__ = [\n{all_names}]\n" if names else "\n__all__: typing.List[str] = []\n")
    entries = "".join(f'        "{name}": "{target}",\n' for name, target in mapping.items())
    subs = ", ".join(f'"{name}"' for name in sorted(submodules))
    sub_arg = f", submodules=({subs},)" if submodules else ""
    if entries:
        lines.append(f"\n__getattr__, __dir__ = lazy_exports(\n    __name__,\n    {{\n{entries}    }}{sub_arg},\n)\n")
    else:
        lines.append(f"\n__getattr__, __dir__ = lazy_exports(__name__, {{}}{sub_arg})\n")
    return "".join(lines)


def render_package_types(definition: Definition, package: str) -> typing.Dict[str, typing.Tuple[str, str]]:
    """{module path: (code, source)} for the types and requests of one package, with their ``__init__``s."""
    decls = list(definition.packages[package].types.values())
    source = definition.packages[package].source
    out: typing.Dict[str, typing.Tuple[str, str]] = {}
    type_exports: typing.Dict[str, str] = {}
    params_exports: typing.Dict[str, str] = {}
    for decl in decls:
        rendered = render_type(definition, decl)
        out[rendered.module] = (rendered.code, source)
        for name in rendered.exports:
            type_exports[name] = rendered.module
        if decl.has_params:
            params = render_params(definition, decl)
            out[params.module] = (params.code, source)
            for name in params.exports:
                params_exports[name] = params.module
    if type_exports:
        out[f"{ROOT}.{package}.types.__init__"] = (lazy_init(f"{ROOT}.{package}.types.__init__", type_exports), source)
    if params_exports:
        out[f"{ROOT}.{package}.requests.__init__"] = (lazy_init(f"{ROOT}.{package}.requests.__init__", params_exports), source)
    return out


def package_exports(definition: Definition, package: str) -> typing.Dict[str, str]:
    """Every type and params name of a package → its absolute module."""
    exports: typing.Dict[str, str] = {}
    for decl in definition.packages[package].types.values():
        exports[decl.name] = types_module(decl.package, decl.name)
        if decl.kind == "union":
            for member in decl.members:
                exports[member_class(decl.name, member.key)] = types_module(decl.package, decl.name)
        if decl.has_params:
            exports[f"{decl.name}Params"] = requests_module(decl.package, decl.name)
            if decl.kind == "union":
                for member in decl.members:
                    exports[member_class(decl.name, member.key) + "Params"] = requests_module(decl.package, decl.name)
    return exports

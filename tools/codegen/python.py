"""Python naming, import bookkeeping and type expressions for the generated code."""

from __future__ import annotations

import json
import re
import typing

from .definition import Definition, TypeDecl, TypeRef

ROOT = "cartesia"
LINE_LENGTH = 120

_PRIMITIVES = {
    "string": "str",
    "uuid": "str",
    "integer": "int",
    "long": "int",
    "double": "float",
    "float": "float",
    "boolean": "bool",
    "datetime": "dt.datetime",
    "date": "dt.date",
    "unknown": "typing.Any",
    "base64": "builtins.bytes",
}


def module_name(type_name: str) -> str:
    """Fern's snake_case for a type's module: ``Mp3OutputFormat`` → ``mp_3_output_format``."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Za-z])(?=[0-9])|(?<=[0-9])(?=[A-Za-z])", "_", type_name)
    return spaced.lower()


def pascal(snake: str) -> str:
    return "".join(part.capitalize() for part in snake.split("_"))


def client_class(package: str) -> str:
    return f"{pascal(package)}Client"


def member_class(union: str, key: str) -> str:
    """The class of a discriminated union member: ``OutputFormat`` + ``raw`` → ``OutputFormat_Raw``."""
    return f"{union}_{pascal(key)}"


def types_module(package: str, type_name: str) -> str:
    return f"{ROOT}.{package}.types.{module_name(type_name)}"


def requests_module(package: str, type_name: str) -> str:
    return f"{ROOT}.{package}.requests.{module_name(type_name)}"


def relative(from_module: str, target: str) -> str:
    """``target`` as a relative import from the module ``from_module`` (both dotted, absolute)."""
    here = from_module.split(".")[:-1]
    there = target.split(".")
    common = 0
    while common < min(len(here), len(there)) and here[common] == there[common]:
        common += 1
    return "." * (len(here) - common + 1) + ".".join(there[common:])


class Imports:
    """The imports of one generated module, rendered in the order ruff's isort expects."""

    def __init__(self, module: str) -> None:
        self.module = module
        self.plain: typing.Set[str] = set()
        self.third_party: typing.Set[str] = set()
        self.names: typing.Dict[str, typing.Set[str]] = {}
        self.type_checking: typing.Dict[str, typing.Set[str]] = {}

    def add(self, target: str, name: str) -> str:
        """Import ``name`` from the absolute module ``target``; returns the name to use."""
        if target != self.module:
            self.names.setdefault(relative(self.module, target), set()).add(name)
        return name

    def add_for_typing(self, target: str, name: str) -> str:
        """Import ``name`` only for type checkers."""
        self.type_checking.setdefault(relative(self.module, target), set()).add(name)
        return name

    def stdlib(self, statement: str) -> None:
        self.plain.add(statement)

    def third(self, statement: str) -> None:
        self.third_party.add(statement)

    def render(self) -> str:
        blocks = ["from __future__ import annotations"]
        if self.plain:
            blocks.append("\n".join(sorted(self.plain, key=_import_key)))
        if self.third_party:
            blocks.append("\n".join(sorted(self.third_party, key=_import_key)))
        if self.names:
            blocks.append("\n".join(_from_import(module, names) for module, names in sorted(self.names.items(), key=_relative_key)))
        text = "\n\n".join(blocks)
        if self.type_checking:
            lines = [_from_import(m, n, indent="    ") for m, n in sorted(self.type_checking.items(), key=_relative_key)]
            text += "\n\nif typing.TYPE_CHECKING:\n" + "\n".join(lines)
        return text


def _import_key(statement: str) -> typing.Tuple[int, str]:
    # isort puts `import x` lines before `from x import y` lines within a section.
    module = statement.split()[1]
    return (0 if statement.startswith("import ") else 1, module.lower())


def _relative_key(item: typing.Tuple[str, typing.Set[str]]) -> typing.Tuple[int, str]:
    module = item[0]
    dots = len(module) - len(module.lstrip("."))
    return (-dots, module.lstrip(".").lower())


def _name_key(name: str) -> typing.Tuple[int, str]:
    # isort's order-by-type: CONSTANTS, then Classes, then functions and variables.
    if name.isupper() and len(name) > 1:
        group = 0
    elif name[:1].isupper():
        group = 1
    else:
        group = 2
    return (group, name.lower())


def _from_import(module: str, names: typing.Set[str], indent: str = "") -> str:
    ordered = sorted(names, key=_name_key)
    line = f"{indent}from {module} import {', '.join(ordered)}"
    if len(line) <= LINE_LENGTH:
        return line
    body = "".join(f"{indent}    {name},\n" for name in ordered)
    return f"{indent}from {module} import (\n{body}{indent})"


class TypeNames:
    """Renders Fern type references as Python type expressions, recording the imports they need."""

    def __init__(self, definition: Definition, imports: Imports) -> None:
        self.definition = definition
        self.imports = imports

    def model(self, ref: TypeRef) -> str:
        """The type as used in pydantic models and for validating arguments."""
        return self._render(ref, params=False)

    def params(self, ref: TypeRef) -> str:
        """The type as callers pass it: TypedDicts for objects and unions, ``Sequence`` for lists."""
        return self._render(ref, params=True)

    def _render(self, ref: TypeRef, *, params: bool) -> str:
        if ref.kind == "primitive":
            if ref.name == "file":
                return self.imports.add(f"{ROOT}.core.file", "File")
            text = _PRIMITIVES[ref.name]
            if text.startswith("dt."):
                self.imports.stdlib("import datetime as dt")
            elif text.startswith("typing."):
                self.imports.stdlib("import typing")
            elif text.startswith("builtins."):
                self.imports.stdlib("import builtins")
            return text
        if ref.kind == "named":
            decl = self.definition.type(ref)
            if params and decl.has_params:
                return self.imports.add(requests_module(decl.package, decl.name), f"{decl.name}Params")
            return self.imports.add(types_module(decl.package, decl.name), decl.name)
        self.imports.stdlib("import typing")
        if ref.kind == "literal":
            return f"typing.Literal[{literal(ref.value)}]"
        inner = [self._render(arg, params=params) for arg in ref.args]
        if ref.kind == "optional":
            return f"typing.Optional[{inner[0]}]"
        if ref.kind == "list":
            return f"typing.Sequence[{inner[0]}]" if params else f"typing.List[{inner[0]}]"
        if ref.kind == "set":
            return f"typing.Set[{inner[0]}]"
        if ref.kind == "map":
            return f"typing.Dict[{inner[0]}, {inner[1]}]"
        raise ValueError(f"cannot render type {ref}")


def literal(value: typing.Any) -> str:
    """A Python literal for a string, bool or number, with double quotes for strings."""
    return json.dumps(value) if isinstance(value, str) else repr(value)


def docstring(text: str, indent: str) -> str:
    """A triple-quoted docstring; one line when it fits."""
    text = text.strip().replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    if not text:
        return ""
    if "\n" not in text and len(indent) + len(text) + 6 <= LINE_LENGTH:
        return f'{indent}"""{text}"""\n'
    body = "\n".join(f"{indent}{line}" if line else "" for line in text.splitlines())
    return f'{indent}"""\n{body}\n{indent}"""\n'


def describe(ref: TypeRef, definition: Definition) -> str:
    """A short human type name for documentation: ``typing.Optional[SupportedLanguage]``."""
    if ref.kind == "primitive":
        return "core.File" if ref.name == "file" else _PRIMITIVES[ref.name]
    if ref.kind == "named":
        decl: TypeDecl = definition.type(ref)
        return f"{decl.name}Params" if decl.has_params else decl.name
    if ref.kind == "literal":
        return f"typing.Literal[{literal(ref.value)}]"
    inner = [describe(arg, definition) for arg in ref.args]
    wrapper = {"optional": "typing.Optional", "list": "typing.Sequence", "set": "typing.Set", "map": "typing.Dict"}[ref.kind]
    return f"{wrapper}[{', '.join(inner)}]"

"""Lazy package exports: a name's module is imported the first time the name is used."""

from __future__ import annotations

import importlib
import sys
import typing


def lazy_exports(
    package: str,
    exports: typing.Mapping[str, str],
    *,
    submodules: typing.Iterable[str] = (),
) -> typing.Tuple[typing.Callable[[str], typing.Any], typing.Callable[[], typing.List[str]]]:
    """``__getattr__`` and ``__dir__`` for ``package``.

    ``exports`` maps each name to the (relative) module defining it; ``submodules`` are names that
    are themselves modules of the package. A resolved name is cached on the package.
    """
    modules = frozenset(submodules)

    def __getattr__(name: str) -> typing.Any:
        if name in modules:
            value = importlib.import_module(f"{package}.{name}")
        elif name in exports:
            value = getattr(importlib.import_module(exports[name], package), name)
        else:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> typing.List[str]:
        return sorted(set(vars(sys.modules[package])) | set(exports) | modules)

    return __getattr__, __dir__

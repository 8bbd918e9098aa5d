"""The top-level package ``__init__``, each resource package's ``__init__``, and ``base_client.py``."""

from __future__ import annotations

import typing

from .config import COMPAT_MODULES, HANDWRITTEN_EXPORTS, PACKAGE_DOCS
from .definition import Definition
from .python import ROOT, Imports, client_class, docstring
from .render_types import lazy_init, package_exports


def render_root_init(definition: Definition) -> str:
    exports: typing.Dict[str, str] = dict(HANDWRITTEN_EXPORTS)
    for package in definition.packages:
        for name, module in package_exports(definition, package).items():
            if name in exports and exports[name] != module:
                raise ValueError(f"{name} is defined in both {exports[name]} and {module}")
            exports[name] = module
    version = "from .version import __version__\n"
    code = lazy_init(f"{ROOT}.__init__", exports, submodules=sorted(definition.packages), docs=PACKAGE_DOCS, extra_imports=version)
    return code.replace('__all__ = [\n', '__all__ = [\n    "__version__",\n', 1)


def render_package_init(definition: Definition, package: str) -> str:
    return lazy_init(f"{ROOT}.{package}.__init__", package_exports(definition, package))


def render_base_client(definition: Definition) -> str:
    imports = Imports(f"{ROOT}.base_client")
    imports.stdlib("import functools")
    imports.stdlib("import typing")
    services = [name for name, package in definition.packages.items() if package.endpoints]
    classes = []
    for is_async in (False, True):
        wrapper = imports.add(f"{ROOT}.core.client_wrapper", "AsyncClientWrapper" if is_async else "SyncClientWrapper")
        name = "AsyncBaseCartesia" if is_async else "BaseCartesia"
        doc = docstring(
            f"The API's resources, created on first use. ``{'AsyncCartesia' if is_async else 'Cartesia'}`` adds configuration and lifecycle.",
            "    ",
        )
        methods = []
        for package in services:
            cls = ("Async" if is_async else "") + client_class(package)
            imports.add_for_typing(f"{ROOT}.{package}.client", cls)
            methods.append(
                "    @functools.cached_property\n"
                f"    def {package}(self) -> {cls}:\n"
                f"        from .{package} import client\n\n"
                f"        return client.{cls}(client_wrapper=self._client_wrapper)\n"
            )
        classes.append(f"class {name}:\n{doc}\n    _client_wrapper: {wrapper}\n\n" + "\n".join(methods))
    return imports.render() + "\n\n\n" + "\n\n".join(classes)


def render_compat_modules() -> typing.Dict[str, str]:
    """The 2.x SDK's hand-written module paths, as re-exports of where the names live now."""
    out = {}
    for module, names in COMPAT_MODULES.items():
        imports = Imports(module)
        lines = []
        for name, (target, attribute) in sorted(names.items()):
            if attribute == name:
                imports.add(target, name)
            else:
                lines.append(f"{name} = {imports.add(target, attribute)}")
        doc = docstring(f"The 2.x module path of {', '.join(sorted(names))}; the SDK itself does not import it.", "")
        body = "\n".join(lines) + "\n" if lines else ""
        exported = "".join(f'    "{name}",\n' for name in sorted(names))
        out[module] = doc + imports.render() + "\n\n" + (body + "\n" if body else "") + f"__all__ = [\n{exported}]\n"
    for module in COMPAT_MODULES:
        package = module.rsplit(".", 1)[0]
        if package.count(".") > 1 and package not in COMPAT_MODULES:  # a 2.x package that exists only for these paths
            out[f"{package}.__init__"] = docstring(f"The 2.x package path {package}; the SDK itself does not import it.", "")
    return out

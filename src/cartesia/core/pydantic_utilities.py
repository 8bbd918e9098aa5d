"""The base model of every response type, and parsing helpers (pydantic v2)."""

from __future__ import annotations

import typing

import pydantic

T = typing.TypeVar("T")
Model = typing.TypeVar("Model", bound=pydantic.BaseModel)

IS_PYDANTIC_V2 = True

_ADAPTERS: typing.Dict[typing.Any, pydantic.TypeAdapter[typing.Any]] = {}


class UniversalBaseModel(pydantic.BaseModel):
    """Immutable, forward-compatible model: unknown fields are kept (see ``model_extra``), known ones validated.

    ``dict()`` and ``json()`` give wire names and leave out fields that are None, so a model can be
    sent back to the API as it is.
    """

    model_config = pydantic.ConfigDict(
        extra="allow",
        frozen=True,
        populate_by_name=True,
        protected_namespaces=(),
        defer_build=True,  # build validators on first use: touching a resource stays cheap
    )

    def dict(self, **kwargs: typing.Any) -> typing.Dict[str, typing.Any]:
        """The model as a dict with wire names, without None fields."""
        kwargs.setdefault("by_alias", True)
        kwargs.setdefault("exclude_none", True)
        return self.model_dump(**kwargs)

    def json(self, **kwargs: typing.Any) -> str:
        """The model as a JSON string with wire names, without None fields."""
        kwargs.setdefault("by_alias", True)
        kwargs.setdefault("exclude_none", True)
        return self.model_dump_json(**kwargs)


class UniversalRootModel(pydantic.RootModel[T], typing.Generic[T]):
    """A model wrapping a single value."""


def parse_obj_as(type_: typing.Type[T], object_: typing.Any) -> T:
    """Validate ``object_`` as ``type_`` (any type pydantic understands: models, unions, lists)."""
    adapter = _ADAPTERS.get(type_)
    if adapter is None:
        adapter = _ADAPTERS[type_] = pydantic.TypeAdapter(type_)
    return typing.cast(T, adapter.validate_python(object_))


def update_forward_refs(model: typing.Type[pydantic.BaseModel], **localns: typing.Any) -> None:
    """Resolve forward references of ``model`` (kept for code written against the 2.x runtime)."""
    model.model_rebuild(_types_namespace=localns or None)


def universal_field_validator(field_name: str, pre: bool = False) -> typing.Callable[[T], T]:
    """A field validator decorator (``pre=True`` runs before pydantic's own validation)."""
    return typing.cast(typing.Callable[[T], T], pydantic.field_validator(field_name, mode="before" if pre else "after"))


def universal_root_validator(pre: bool = False) -> typing.Callable[[T], T]:
    """A whole-model validator decorator (``pre=True`` runs on the raw input)."""
    return typing.cast(typing.Callable[[T], T], pydantic.model_validator(mode="before" if pre else "after"))

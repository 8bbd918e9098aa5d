"""Wire names, omitted None values, JSON encoding and query flattening."""

from __future__ import annotations

import datetime as dt
import enum
import pathlib
import typing

import pydantic
import pytest
import typing_extensions

from cartesia.core.jsonable_encoder import jsonable_encoder
from cartesia.core.pydantic_utilities import UniversalBaseModel, parse_obj_as
from cartesia.core.query_encoder import encode_query
from cartesia.core.serialization import FieldMetadata, convert_and_respect_annotation_metadata


class ControlsParams(typing_extensions.TypedDict):
    speed: str
    emotion: typing.Sequence[str]


class IdSpecifierParams(typing_extensions.TypedDict):
    mode: typing_extensions.Literal["id"]
    id: str
    experimental_controls: typing_extensions.NotRequired[
        typing_extensions.Annotated[ControlsParams, FieldMetadata(alias="__experimental_controls")]
    ]


class EmbeddingSpecifierParams(typing_extensions.TypedDict):
    mode: typing_extensions.Literal["embedding"]
    embedding: typing.Sequence[float]
    experimental_controls: typing_extensions.NotRequired[
        typing_extensions.Annotated[ControlsParams, FieldMetadata(alias="__experimental_controls")]
    ]


VoiceParams = typing.Union[IdSpecifierParams, EmbeddingSpecifierParams]


class GenerationRequestParams(typing_extensions.TypedDict):
    transcript: str
    voice: VoiceParams
    continue_: typing_extensions.NotRequired[typing_extensions.Annotated[bool, FieldMetadata(alias="continue")]]
    history: typing_extensions.NotRequired[typing.List[VoiceParams]]
    extra: typing_extensions.NotRequired[typing.Dict[str, VoiceParams]]


def test_write_renames_aliased_keys_recursively() -> None:
    request: GenerationRequestParams = {
        "transcript": "hi",
        "voice": {"mode": "id", "id": "v", "experimental_controls": {"speed": "fast", "emotion": ["anger"]}},
        "continue_": True,
        "history": [{"mode": "embedding", "embedding": [0.5], "experimental_controls": {"speed": "slow", "emotion": []}}],
        "extra": {"k": {"mode": "id", "id": "x", "experimental_controls": {"speed": "normal", "emotion": []}}},
    }
    wire = convert_and_respect_annotation_metadata(object_=request, annotation=GenerationRequestParams, direction="write")
    assert wire == {
        "transcript": "hi",
        "voice": {"mode": "id", "id": "v", "__experimental_controls": {"speed": "fast", "emotion": ["anger"]}},
        "continue": True,
        "history": [{"mode": "embedding", "embedding": [0.5], "__experimental_controls": {"speed": "slow", "emotion": []}}],
        "extra": {"k": {"mode": "id", "id": "x", "__experimental_controls": {"speed": "normal", "emotion": []}}},
    }
    back = convert_and_respect_annotation_metadata(object_=wire, annotation=GenerationRequestParams, direction="read")
    assert back == request


def test_wire_names_given_directly_and_unknown_keys_pass_through() -> None:
    request = {"transcript": "t", "voice": {"mode": "id", "id": "v", "__experimental_controls": {}}, "continue": False, "new": 1}
    wire = convert_and_respect_annotation_metadata(object_=request, annotation=GenerationRequestParams, direction="write")
    assert wire == request


def test_models_pass_through_conversion() -> None:
    class Voice(UniversalBaseModel):
        id: str

    voice = Voice(id="v")
    assert convert_and_respect_annotation_metadata(object_=voice, annotation=Voice, direction="write") is voice


class Color(enum.Enum):
    RED = "red"


class Chunk(UniversalBaseModel):
    continue_: typing.Optional[bool] = pydantic.Field(default=None, alias="continue")
    container: typing_extensions.Literal["raw"] = "raw"
    note: typing.Optional[str] = None


def test_jsonable_encoder() -> None:
    when = dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)
    offset = dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert jsonable_encoder(
        {
            "model": Chunk(continue_=True),
            "enum": Color.RED,
            "when": when,
            "offset": offset,
            "day": dt.date(2025, 1, 2),
            "bytes": b"\x00\xff",
            "path": pathlib.PurePosixPath("/a/b.wav"),
            "tuple": (1, 2.5, True, None),
        }
    ) == {
        "model": {"continue": True, "container": "raw"},  # wire alias, default kept, None dropped
        "enum": "red",
        "when": "2025-01-02T03:04:05Z",
        "offset": "2025-01-02T03:04:05+02:00",
        "day": "2025-01-02",
        "bytes": "AP8=",
        "path": "/a/b.wav",
        "tuple": [1, 2.5, True, None],
    }


def test_models_are_forward_compatible_frozen_and_dump_wire_names() -> None:
    chunk = parse_obj_as(Chunk, {"continue": True, "brand_new_field": {"x": 1}})
    assert chunk.continue_ is True
    assert chunk.model_extra == {"brand_new_field": {"x": 1}}
    assert chunk.dict() == {"continue": True, "container": "raw", "brand_new_field": {"x": 1}}
    assert chunk.json() == '{"continue":true,"container":"raw","brand_new_field":{"x":1}}'
    assert Chunk(continue_=False).continue_ is False  # populate by Python name too
    with pytest.raises(pydantic.ValidationError):
        chunk.note = "x"  # type: ignore[misc]
    with pytest.raises(pydantic.ValidationError):
        parse_obj_as(Chunk, {"container": "mp3"})


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"limit": 10, "is_owner": True, "is_starred": False}, [("limit", 10), ("is_owner", "true"), ("is_starred", "false")]),
        ({"expand[]": ["embedding", "is_starred"]}, [("expand[]", "embedding"), ("expand[]", "is_starred")]),
        ({"a": {"b": {"c": 1}}, "none": None}, [("a[b][c]", 1)]),
        ({"objs": [{"k": "v"}, {"k": "w"}]}, [("objs[k]", "v"), ("objs[k]", "w")]),
        ({"color": Color.RED, "rate": 0.5}, [("color", "red"), ("rate", 0.5)]),
        ({}, []),
    ],
)
def test_encode_query(query: typing.Dict[str, typing.Any], expected: typing.List[typing.Tuple[str, typing.Any]]) -> None:
    assert encode_query(query) == expected


def test_encode_query_none() -> None:
    assert encode_query(None) is None

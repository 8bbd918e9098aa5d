"""The runtime under the generated resource clients. Names load on first use."""

from __future__ import annotations

import importlib
import typing

if typing.TYPE_CHECKING:
    from .api_error import ApiError
    from .client_wrapper import AsyncClientWrapper, BaseClientWrapper, SyncClientWrapper
    from .datetime_utils import serialize_datetime
    from .file import File, convert_file_dict_to_httpx_tuples, with_content_type
    from .http_client import AsyncHttpClient, HttpClient
    from .http_response import AsyncHttpResponse, HttpResponse
    from .jsonable_encoder import jsonable_encoder
    from .pagination import AsyncPager, SyncPager
    from .pydantic_utilities import (
        IS_PYDANTIC_V2,
        UniversalBaseModel,
        UniversalRootModel,
        parse_obj_as,
        universal_field_validator,
        universal_root_validator,
        update_forward_refs,
    )
    from .query_encoder import encode_query
    from .remove_none_from_dict import remove_none_from_dict
    from .request_options import RequestOptions
    from .serialization import FieldMetadata, convert_and_respect_annotation_metadata

_EXPORTS = {
    "ApiError": "api_error",
    "AsyncClientWrapper": "client_wrapper",
    "AsyncHttpClient": "http_client",
    "AsyncHttpResponse": "http_response",
    "AsyncPager": "pagination",
    "BaseClientWrapper": "client_wrapper",
    "FieldMetadata": "serialization",
    "File": "file",
    "HttpClient": "http_client",
    "HttpResponse": "http_response",
    "IS_PYDANTIC_V2": "pydantic_utilities",
    "RequestOptions": "request_options",
    "SyncClientWrapper": "client_wrapper",
    "SyncPager": "pagination",
    "UniversalBaseModel": "pydantic_utilities",
    "UniversalRootModel": "pydantic_utilities",
    "convert_and_respect_annotation_metadata": "serialization",
    "convert_file_dict_to_httpx_tuples": "file",
    "encode_query": "query_encoder",
    "jsonable_encoder": "jsonable_encoder",
    "parse_obj_as": "pydantic_utilities",
    "remove_none_from_dict": "remove_none_from_dict",
    "serialize_datetime": "datetime_utils",
    "universal_field_validator": "pydantic_utilities",
    "universal_root_validator": "pydantic_utilities",
    "update_forward_refs": "pydantic_utilities",
    "with_content_type": "file",
}

__all__ = [
    "ApiError",
    "AsyncClientWrapper",
    "AsyncHttpClient",
    "AsyncHttpResponse",
    "AsyncPager",
    "BaseClientWrapper",
    "FieldMetadata",
    "File",
    "HttpClient",
    "HttpResponse",
    "IS_PYDANTIC_V2",
    "RequestOptions",
    "SyncClientWrapper",
    "SyncPager",
    "UniversalBaseModel",
    "UniversalRootModel",
    "convert_and_respect_annotation_metadata",
    "convert_file_dict_to_httpx_tuples",
    "encode_query",
    "jsonable_encoder",
    "parse_obj_as",
    "remove_none_from_dict",
    "serialize_datetime",
    "universal_field_validator",
    "universal_root_validator",
    "update_forward_refs",
    "with_content_type",
]


def __getattr__(name: str) -> typing.Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> typing.List[str]:
    return sorted(set(globals()) | set(_EXPORTS))

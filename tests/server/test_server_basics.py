"""Status, request ids, credentials, versions, access tokens, routing and both error styles."""

from __future__ import annotations

import base64
import json

import httpx
import pytest

from cartesia.server import LocalServer

from .server_helpers import LEGACY, STRUCTURED, headers, tts_body


def test_status_needs_no_credentials_and_every_response_has_a_request_id(cartesia_server):
    response = httpx.get(cartesia_server.url + "/")
    assert response.status_code == 200
    assert response.json() == {"ok": True, "version": "2025-04-16"}
    assert len(response.headers["x-request-id"]) == 36
    failed = httpx.get(cartesia_server.url + "/voices")
    assert failed.status_code == 401 and failed.headers["x-request-id"] != response.headers["x-request-id"]


@pytest.mark.parametrize("scheme", ["x-api-key", "bearer"])
def test_api_key_in_either_header(cartesia_server, scheme):
    auth = {"X-API-Key": "sk_anything"} if scheme == "x-api-key" else {"Authorization": "Bearer sk_anything"}
    response = httpx.get(cartesia_server.url + "/voices", headers={**auth, "Cartesia-Version": LEGACY})
    assert response.status_code == 200


def test_configured_keys_are_the_only_ones_accepted():
    with LocalServer(api_keys=["sk_one", "sk_two"]) as server:
        assert server.api_key == "sk_one"
        ok = httpx.get(server.url + "/voices", headers={"Authorization": "Bearer sk_two", "Cartesia-Version": LEGACY})
        bad = httpx.get(server.url + "/voices", headers={"X-API-Key": "sk_three", "Cartesia-Version": LEGACY})
        assert ok.status_code == 200
        assert bad.status_code == 401 and bad.text == "Unauthorized: Invalid API key."


def test_version_is_required_and_must_be_a_date(cartesia_server):
    missing = httpx.get(cartesia_server.url + "/voices", headers={"X-API-Key": "k"})
    assert missing.status_code == 400 and missing.text.startswith("Missing version: ")
    malformed = httpx.get(cartesia_server.url + "/voices", headers={"X-API-Key": "k", "Cartesia-Version": "latest"})
    assert malformed.status_code == 400 and malformed.text.startswith("Invalid version: ")


def test_legacy_errors_are_text_and_new_ones_structured_json(cartesia_server):
    legacy = httpx.get(cartesia_server.url + "/voices/unknown", headers=headers(cartesia_server, LEGACY))
    assert legacy.status_code == 404
    assert legacy.headers["content-type"].startswith("text/plain")
    assert legacy.text == "Voice not found: No voice with id 'unknown'."
    new = httpx.get(cartesia_server.url + "/voices/unknown", headers=headers(cartesia_server, STRUCTURED))
    assert new.status_code == 404
    body = new.json()
    assert body == {
        "error_code": "voice_not_found",
        "title": "Voice not found",
        "message": "No voice with id 'unknown'.",
        "request_id": new.headers["x-request-id"],
    }


def test_unknown_path_is_404_and_wrong_method_405_in_the_version_style(cartesia_server):
    missing = httpx.get(cartesia_server.url + "/nothing/here", headers=headers(cartesia_server, STRUCTURED))
    assert missing.status_code == 404 and missing.json()["error_code"] == "not_found"
    wrong = httpx.put(cartesia_server.url + "/tts/bytes", headers=headers(cartesia_server, LEGACY))
    assert wrong.status_code == 405
    assert wrong.text.startswith("Method not allowed: PUT is not allowed on /tts/bytes")
    assert "POST" in wrong.headers["allow"]


def test_paths_answer_with_and_without_trailing_slash(cartesia_server):
    for path in ("/voices", "/voices/", "/voices/694f9389-aac1-45b6-b726-9d9369183238/"):
        assert httpx.get(cartesia_server.url + path, headers=headers(cartesia_server)).status_code == 200
    posted = httpx.post(cartesia_server.url + "/tts/bytes/", headers=headers(cartesia_server), json=tts_body())
    assert posted.status_code == 200 and posted.content


def test_malformed_json_is_400(cartesia_server):
    response = httpx.post(cartesia_server.url + "/tts/bytes", headers=headers(cartesia_server, STRUCTURED), content=b"{nope")
    assert response.status_code == 400 and response.json()["error_code"] == "malformed_request"
    empty = httpx.post(cartesia_server.url + "/tts/bytes", headers=headers(cartesia_server), content=b"")
    assert empty.status_code == 400 and empty.text.startswith("Malformed request: ")


def _token(server: LocalServer, **body: object) -> str:
    response = httpx.post(server.url + "/access-token", headers=headers(server), json=body)
    assert response.status_code == 200, response.text
    token: str = response.json()["token"]
    return token


def test_access_tokens_are_jwts_with_grants_and_expiry(cartesia_server):
    token = _token(cartesia_server, grants={"tts": True}, expires_in=60)
    header_part, claims_part, _ = token.split(".")
    header = json.loads(base64.urlsafe_b64decode(header_part + "=" * (-len(header_part) % 4)))
    payload = json.loads(base64.urlsafe_b64decode(claims_part + "=" * (-len(claims_part) % 4)))
    assert header["alg"] == "HS256"
    assert payload["grants"] == {"tts": True}
    assert payload["exp"] - payload["iat"] == 60


def test_tokens_open_only_the_endpoints_of_their_grants(cartesia_server):
    tts_token = _token(cartesia_server, grants={"tts": True})
    bearer = {"Authorization": f"Bearer {tts_token}", "Cartesia-Version": LEGACY}
    assert httpx.post(cartesia_server.url + "/tts/bytes", headers=bearer, json=tts_body()).status_code == 200
    no_grant = httpx.post(cartesia_server.url + "/stt", headers=bearer, files={"file": ("a.wav", b"x")}, data={"model": "ink-whisper"})
    assert no_grant.status_code == 403 and "`stt`" in no_grant.text
    voices = httpx.get(cartesia_server.url + "/voices", headers=bearer)
    assert voices.status_code == 401
    minting = httpx.post(cartesia_server.url + "/access-token", headers=bearer, json={"grants": {"tts": True}})
    assert minting.status_code == 401


def test_tokens_expire_by_the_server_clock(cartesia_server):
    token = _token(cartesia_server, grants={"tts": True}, expires_in=30)
    bearer = {"Authorization": f"Bearer {token}", "Cartesia-Version": STRUCTURED}
    assert httpx.post(cartesia_server.url + "/tts/bytes", headers=bearer, json=tts_body()).status_code == 200
    cartesia_server.advance_clock(31)
    expired = httpx.post(cartesia_server.url + "/tts/bytes", headers=bearer, json=tts_body())
    assert expired.status_code == 401 and "expired" in expired.json()["message"]


def test_forged_and_foreign_tokens_are_rejected(cartesia_server):
    token = _token(cartesia_server, grants={"tts": True})
    head, body, signature = token.split(".")
    forged = f"{head}.{body}.{signature[:-2]}AA"
    response = httpx.post(cartesia_server.url + "/tts/bytes", headers={"Authorization": f"Bearer {forged}", "Cartesia-Version": LEGACY}, json=tts_body())
    assert response.status_code == 401
    with LocalServer() as other:
        foreign = httpx.post(other.url + "/tts/bytes", headers={"Authorization": f"Bearer {token}", "Cartesia-Version": LEGACY}, json=tts_body())
        assert foreign.status_code == 401 and "not issued by this server" in foreign.text


@pytest.mark.parametrize(
    "body",
    [{"grants": {"tts": True}, "expires_in": 3601}, {"grants": {"tts": True}, "expires_in": 0}, {"grants": {"music": True}}, {"grants": {"tts": "yes"}}],
)
def test_access_token_requests_are_checked(cartesia_server, body):
    assert httpx.post(cartesia_server.url + "/access-token", headers=headers(cartesia_server), json=body).status_code == 400

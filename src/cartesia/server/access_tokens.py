"""Access tokens: JWTs signed with HS256 by the server's own secret.

`POST /access-token` issues them; `/tts/*` honour the `tts` grant, `/stt*` the `stt` grant, and
every other endpoint refuses them, like the service. Claims: `grants` (booleans), `jti`, `iat`,
`exp`, `iss`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import uuid
from typing import Any

GRANTS = ("tts", "stt", "agent")
MAX_EXPIRES_IN = 3600
DEFAULT_EXPIRES_IN = 3600
ISSUER = "cartesia-local"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def looks_like_token(credential: str) -> bool:
    """Whether a credential has the three dot-separated parts of a JWT (API keys never do)."""
    return credential.count(".") == 2


class TokenError(ValueError):
    """A token that is malformed, forged or expired."""


class TokenIssuer:
    """Signs and checks tokens with one secret; `now` comes from the caller (the server clock)."""

    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def issue(self, grants: dict[str, bool], expires_in: int, now: float) -> str:
        header = {"alg": "HS256", "typ": "JWT", "kid": "ssid_local"}
        issued = int(now)
        claims = {"grants": grants, "jti": uuid.uuid4().hex, "iat": issued, "exp": issued + expires_in, "iss": ISSUER}
        signing_input = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(claims).encode())}"
        return f"{signing_input}.{_b64(self._sign(signing_input))}"

    def verify(self, token: str, now: float) -> dict[str, Any]:
        """The claims of a valid, unexpired token; raises TokenError otherwise."""
        try:
            head, body, signature = token.split(".")
            given = _unb64(signature)
            claims = json.loads(_unb64(body))
        except (ValueError, binascii.Error) as exc:
            raise TokenError("the access token is malformed") from exc
        if not hmac.compare_digest(given, self._sign(f"{head}.{body}")):
            raise TokenError("the access token was not issued by this server")
        if not isinstance(claims, dict) or not isinstance(claims.get("exp"), int):
            raise TokenError("the access token has no expiry")
        if now >= claims["exp"]:
            raise TokenError("the access token has expired")
        return claims

    def _sign(self, signing_input: str) -> bytes:
        return hmac.new(self._secret, signing_input.encode(), hashlib.sha256).digest()

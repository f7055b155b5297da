"""Mints the issue's attack table with an independent implementation (PyJWT + cryptography).

Prints one JSON object: {"jwks": <JWK Set the verifier trusts>, "policy": {...},
"cases": [{"name", "token", "expected"}]} where expected is null (accept) or the reason.
HS256 tokens keyed with the RSA public key are built by hand with hmac, because PyJWT
itself refuses to use an asymmetric key as an HMAC secret (its own defence).
"""
import base64
import hashlib
import hmac
import json
import sys
import time

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def key(bits):
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def jwk(private, kid):
    numbers = private.public_key().public_numbers()
    n = numbers.n.to_bytes((numbers.n.bit_length() + 7) // 8, "big")
    return {"kty": "RSA", "use": "sig", "alg": "RS256", "kid": kid, "n": b64(n), "e": b64(numbers.e.to_bytes(3, "big"))}


def pem(private):
    return private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())


def public_pem(private):
    return private.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def hs256(header, claims, secret: bytes):
    signing_input = b64(json.dumps(header).encode()) + "." + b64(json.dumps(claims).encode())
    signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + b64(signature)


main, other, small = key(2048), key(2048), key(1024)
now = int(time.time())
base = {"sub": "alice", "iss": "kaching", "aud": "seqthink", "scope": "read mcp:call", "iat": now, "exp": now + 300}


def claims(**changes):
    out = dict(base)
    for name, value in changes.items():
        if value is None:
            out.pop(name, None)
        else:
            out[name] = value
    return out


def rs(payload, private=main, kid="main", headers=None):
    extra = {"kid": kid} if kid is not None else {}
    extra.update(headers or {})
    return jwt.encode(payload, pem(private), algorithm="RS256", headers=extra)


valid = rs(claims())
h, p, s = valid.split(".")
main_jwk = jwk(main, "main")
cases = [
    ("valid", valid, None),
    ("scope as array", rs(claims(scope=["mcp:call"])), None),
    ("scp as array", rs(claims(scope=None, scp=["read", "mcp:call"])), None),
    ("aud as array", rs(claims(aud=["other", "seqthink"])), None),
    ("jku/x5u/jwk ignored when signed by the real key",
     rs(claims(), headers={"jku": "https://evil.example/jwks", "x5u": "https://evil.example/cert", "jwk": jwk(other, "main")}), None),
    ("alg none", jwt.encode(claims(), None, algorithm="none", headers={"kid": "main"}), "unsupported_algorithm"),
    ("HS256 keyed with the public key PEM", hs256({"alg": "HS256", "typ": "JWT", "kid": "main"}, claims(), public_pem(main)),
     "unsupported_algorithm"),
    ("HS256 keyed with the public JWK", hs256({"alg": "HS256", "typ": "JWT", "kid": "main"}, claims(), json.dumps(main_jwk).encode()),
     "unsupported_algorithm"),
    ("HS256 keyed with the modulus", hs256({"alg": "HS256", "kid": "main"}, claims(), base64.urlsafe_b64decode(main_jwk["n"] + "==")),
     "unsupported_algorithm"),
    ("RS512 by PyJWT", jwt.encode(claims(), pem(main), algorithm="RS512", headers={"kid": "main"}), "unsupported_algorithm"),
    ("PS256 by PyJWT", jwt.encode(claims(), pem(main), algorithm="PS256", headers={"kid": "main"}), "unsupported_algorithm"),
    ("1024-bit key published in the JWKS", rs(claims(), private=small, kid="small"), "unknown_kid"),
    ("1024-bit key with the real kid", rs(claims(), private=small), "bad_signature"),
    ("unknown kid", rs(claims(), kid="rotated-away"), "unknown_kid"),
    ("kid with a path", rs(claims(), kid="../../../../../../etc/passwd"), "unknown_kid"),
    ("kid with SQL", rs(claims(), kid="main' OR '1'='1"), "unknown_kid"),
    ("jku/x5u/jwk pointing at the attacker's key",
     rs(claims(), private=other, headers={"jku": "https://evil.example/jwks", "x5u": "https://evil.example/cert", "jwk": jwk(other, "main")}),
     "bad_signature"),
    ("crit", rs(claims(), headers={"crit": ["exp"]}), "malformed"),
    ("missing exp", rs(claims(exp=None)), "missing_claim"),
    ("expired", rs(claims(exp=now - 3600)), "expired"),
    ("future nbf", rs(claims(nbf=now + 3600)), "not_yet_valid"),
    ("future iat", rs(claims(iat=now + 3600)), "not_yet_valid"),
    ("wrong iss", rs(claims(iss="https://evil.example")), "wrong_issuer"),
    ("wrong aud", rs(claims(aud="someone-else")), "wrong_audience"),
    ("missing scope", rs(claims(scope="read write")), "insufficient_scope"),
    ("padded base64url", h + "==." + p + "." + s, "malformed"),
    ("padded signature", valid + "=", "malformed"),
    ("four segments", valid + "." + s, "malformed"),
    ("100 KiB token", h + "." + b64(b"x" * 100 * 1024) + "." + s, "malformed"),
    ("tampered payload", h + "." + b64(json.dumps(claims(sub="admin")).encode()) + "." + s, "bad_signature"),
    ("signature of another key", rs(claims(), private=other), "bad_signature"),
]

json.dump({
    "jwks": {"keys": [main_jwk, jwk(small, "small"), {"kty": "EC", "kid": "ec", "crv": "P-256", "x": "AA", "y": "AA"}]},
    "policy": {"issuer": "kaching", "audience": "seqthink", "requiredScope": "mcp:call"},
    "cases": [{"name": n, "token": t, "expected": e} for n, t, e in cases],
}, sys.stdout)

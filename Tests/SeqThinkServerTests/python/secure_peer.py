"""Independent peers for the secure-path live tests (PyJWT, cryptography, pyrage).

  secure_peer.py mint DIR          writes DIR/jwks.json (a fresh RSA-2048 key) and prints a JSON
                                   object {"token": …, "noscope": …} of RS256 tokens for it
  secure_peer.py seal RECIPIENT [--armor]
                                   pyrage-encrypts stdin to RECIPIENT, ciphertext on stdout
  secure_peer.py open IDENTITY_FILE
                                   pyrage-decrypts stdin with the identities in the file
"""
import base64
import json
import sys
import time

import jwt
import pyrage
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def mint(directory):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    numbers = key.public_key().public_numbers()
    n = numbers.n.to_bytes((numbers.n.bit_length() + 7) // 8, "big")
    jwk = {"kty": "RSA", "use": "sig", "alg": "RS256", "kid": "k1", "n": b64(n), "e": b64(numbers.e.to_bytes(3, "big"))}
    with open(f"{directory}/jwks.json", "w") as f:
        json.dump({"keys": [jwk]}, f)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    now = int(time.time())
    claims = {"sub": "alice", "iss": "kaching", "aud": "seqthink", "iat": now, "exp": now + 3600}
    token = jwt.encode(dict(claims, scope="mcp:call"), pem, algorithm="RS256", headers={"kid": "k1"})
    noscope = jwt.encode(dict(claims, scope="read"), pem, algorithm="RS256", headers={"kid": "k1"})
    json.dump({"token": token, "noscope": noscope}, sys.stdout)


def identities(path):
    with open(path) as f:
        return [pyrage.x25519.Identity.from_str(line.strip()) for line in f
                if line.strip() and not line.startswith("#")]


command = sys.argv[1]
if command == "mint":
    mint(sys.argv[2])
elif command == "seal":
    recipient = pyrage.x25519.Recipient.from_str(sys.argv[2])
    sys.stdout.buffer.write(pyrage.encrypt(sys.stdin.buffer.read(), [recipient], armored="--armor" in sys.argv))
elif command == "open":
    sys.stdout.buffer.write(pyrage.decrypt(sys.stdin.buffer.read(), identities(sys.argv[2])))
else:
    sys.exit(f"unknown command {command}")

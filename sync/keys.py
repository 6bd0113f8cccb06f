"""This installation's signing key (Ed25519, PyNaCl): made at first need, kept in the
database, bound to the instance ID — a copied database file makes itself a new one.
The public half goes to the server at enrolment; bundles are signed with it."""

from __future__ import annotations

import json

from nacl.signing import SigningKey

from app.store import Store


def signing_key(store: Store) -> SigningKey:
    raw = store.sync_meta("device_signing_key")
    if raw:
        data = json.loads(raw)
        if data.get("instance") == store.instance_id:
            return SigningKey(bytes.fromhex(data["seed"]))
    key = SigningKey.generate()
    with store.transaction():
        store.set_sync_meta("device_signing_key",
                            json.dumps({"instance": store.instance_id, "seed": bytes(key).hex()}))
    return key


def public_key_hex(store: Store) -> str:
    return bytes(signing_key(store).verify_key).hex()

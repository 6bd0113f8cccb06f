"""The probe the desktop app makes before a sync holds the store, and the waits between
attempts that a cancel ends. A real refused connection on 127.0.0.1 (a free port)."""

from __future__ import annotations

import pytest

from app.errors import SyncError
from sync import client
from tests.helpers.servers import free_port


def test_probe_of_a_closed_port_says_offline():
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(SyncError) as e:
        client.probe(url)
    assert e.value.key == "sync.offline" and url in e.value.message("vi")


@pytest.mark.parametrize("address", ["abc def", "http://", "http://[::1"])
def test_an_address_that_is_no_address_is_said_so(address):
    with pytest.raises(SyncError) as e:
        client.probe(address)
    assert e.value.key == "sync.bad_url"
    assert "không hợp lệ" in e.value.message("vi")


def test_a_cancel_ends_the_wait_between_attempts():
    asked = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) >= 3

    with pytest.raises(SyncError) as e:
        client._pause(3600, cancelled)  # an hour, unless the cancel is seen
    assert e.value.key == "sync.cancelled" and len(asked) == 3

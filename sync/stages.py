"""A sync as named stages made of steps, and the drivers that run them. No Qt, no HTTP.

A stage (``sync.session``: hello → pull → relay → push → ack) is a generator of steps:

- ``OnStore(stage, fn)``: a short piece of work on the store, ``fn(store)`` — read what to
  push, apply one pulled batch, mark what the province acknowledged, record the run;
- ``OnLink(stage, fn)``: a wait on the network, a file or the clock, ``fn()`` — it never
  touches the store.

The driver runs each step and sends its result back into the generator (or throws its
exception there); the generator's own code between steps only decides. Two drivers:
``run`` below, every step in order on the calling thread (the CLI, tests, a USB import);
and the desktop app's (``ui.sync_controller``), which runs store steps as jobs on the
database lane and link steps on the thread pool, so that a search typed during a sync
over a slow link waits for one short store step at most, never for the network.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import Any, TypeVar

from app import sync_state
from app.store import Store

T = TypeVar("T")


@dataclass(frozen=True)
class OnStore:
    stage: str
    fn: Callable[[Store], Any]


@dataclass(frozen=True)
class OnLink:
    stage: str
    fn: Callable[[], Any]


@dataclass(frozen=True)
class OnSnapshot:
    """A long read of the store, ``fn(store)``, that may run off the database lane on a
    read-only connection of its own (``Store.reader``: one consistent snapshot, WAL) —
    reading a whole first push holds no search behind it. ``run`` gives it the store."""

    stage: str
    fn: Callable[[Store], Any]


Step = OnStore | OnLink | OnSnapshot
Steps = Generator[Step, Any, T]


def run(steps: Steps[T], store: Store) -> T:
    """Every step in order, here; returns what the stages return, raises what they raise."""
    result: Any = None
    error: BaseException | None = None
    while True:
        try:
            step = steps.throw(error) if error is not None else steps.send(result)
        except StopIteration as stop:
            return stop.value
        finally:
            error = None
        try:
            result = step.fn(store) if isinstance(step, (OnStore, OnSnapshot)) else step.fn()
        except BaseException as e:  # noqa: BLE001 - thrown into the stages, which decide
            result, error = None, e


class Run:
    """One run of a transport, recorded the same way for HTTP and USB (``sync_runs``): its
    start, then its result ("ok" or the error's key) with what it sent and received."""

    def __init__(self, transport: str):
        self.transport = transport
        self.id: int | None = None

    def start(self) -> OnStore:
        def start(store: Store) -> None:
            self.id = sync_state.start_run(store, self.transport)
        return OnStore("hello", start)

    def finish(self, result: str, *, sent: int = 0, received: int = 0,
               detail: Callable[[Store], dict[str, Any]] | dict[str, Any] | None = None) -> OnStore:
        """``detail``: a dict, or a function of the store giving it (read at the end)."""
        def finish(store: Store) -> None:
            if self.id is not None:
                d = detail(store) if callable(detail) else detail
                sync_state.finish_run(store, self.id, result, sent=sent, received=received, detail=d)
        return OnStore("ack", finish)

"""Fault injection for the sandbox, so the client's recovery is tested against real failures.

Off unless switched on explicitly: `studio sandbox serve --faults SPEC` or the test fixture's
`sandbox.faults.set(...)`. A spec is comma-separated `name=value` items:

    drop=N[xK]        close the connection (TCP reset) after N bytes of each of the next K PATCH bodies
    status=CODE[xK]   answer CODE (500, 503 or 429) to the next K requests, with Retry-After
    retry-after=S     the Retry-After seconds of those answers (default 1)
    stall=S[xK]       wait S seconds before handling each of the next K requests
    corrupt=K         flip one byte in each of the next K PATCH bodies (the checksum catches it)
    methods=M+M       only requests with these methods count for status and stall (default: all)

K defaults to 1. Example: `drop=1048576x2,status=503x3,retry-after=2`.

The drop reaches the socket through uvicorn's `receive` (its request cycle holds the transport); that is the
one place this module knows which server runs it.
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, field
from typing import Any

from studio.core.errors import QT_TRANSLATE_NOOP, InputError

Scope = dict[str, Any]
Message = dict[str, Any]

T_BAD_SPEC = QT_TRANSLATE_NOOP("errors", "--faults: {detail}")


@dataclass
class FaultPlan:
    """What is still to go wrong; counts go down as faults fire."""

    drop_after: int = 0
    drops: int = 0
    status: int = 0
    statuses: int = 0
    retry_after: int = 1
    stall_seconds: float = 0.0
    stalls: int = 0
    corrupts: int = 0
    methods: frozenset[str] = field(default_factory=frozenset)


def parse_spec(spec: str) -> FaultPlan:
    """A `FaultPlan` from the `--faults` text; InputError naming the bad item."""
    plan = FaultPlan()
    for item in (part.strip() for part in spec.split(",")):
        if not item:
            continue
        name, _, value = item.partition("=")
        amount, _, count_text = value.partition("x")
        try:
            count = int(count_text) if count_text else 1
            if name == "drop":
                plan.drop_after, plan.drops = int(amount), count
            elif name == "status":
                plan.status, plan.statuses = int(amount), count
                if plan.status not in (429, 500, 502, 503, 504):
                    raise ValueError("status must be 429, 500, 502, 503 or 504")
            elif name == "retry-after":
                plan.retry_after = int(value)
            elif name == "stall":
                plan.stall_seconds, plan.stalls = float(amount), count
            elif name == "corrupt":
                plan.corrupts = int(value)
            elif name == "methods":
                plan.methods = frozenset(m.strip().upper() for m in value.split("+") if m.strip())
            else:
                raise ValueError(f"unknown fault {name!r}")
        except ValueError as exc:
            raise InputError(T_BAD_SPEC, code="bad_faults", detail=f"{item}: {exc}") from None
        if min(plan.drop_after, plan.drops, plan.statuses, plan.stalls, plan.corrupts, plan.retry_after) < 0 \
                or plan.stall_seconds < 0:
            raise InputError(T_BAD_SPEC, code="bad_faults", detail=f"{item}: must not be negative")
    return plan


class Faults:
    """The faults switch the middleware consults; thread-safe, so a test thread can change it live."""

    def __init__(self, enabled: bool = False, plan: FaultPlan | None = None) -> None:
        self.enabled = enabled
        self._plan = plan or FaultPlan()
        self._lock = threading.Lock()
        self.fired: list[str] = []
        """What fired, in order (`drop`, `status`, `stall`, `corrupt`): tests read it."""

    def set(self, spec: str = "", **values: Any) -> None:
        """Replace the plan: from a spec string and/or FaultPlan fields; switches faults on."""
        plan = parse_spec(spec)
        for name, value in values.items():
            if not hasattr(plan, name):
                raise TypeError(f"unknown fault {name}")
            setattr(plan, name, frozenset(value) if name == "methods" else value)
        with self._lock:
            self._plan = plan
            self.enabled = True

    def clear(self) -> None:
        with self._lock:
            self._plan = FaultPlan()

    def take(self, method: str) -> tuple[float, int, int, int, int]:
        """(stall seconds, status, retry-after, drop-after bytes or -1, corrupt 0/1) for one request."""
        with self._lock:
            plan = self._plan
            counted = not plan.methods or method in plan.methods
            stall = 0.0
            status = corrupt = 0
            drop = -1
            if counted and plan.stalls > 0:
                plan.stalls -= 1
                stall = plan.stall_seconds
                self.fired.append("stall")
            if counted and plan.statuses > 0:
                plan.statuses -= 1
                status = plan.status
                self.fired.append("status")
            elif method == "PATCH":
                if plan.drops > 0:
                    plan.drops -= 1
                    drop = plan.drop_after
                    self.fired.append("drop")
                if plan.corrupts > 0:
                    plan.corrupts -= 1
                    corrupt = 1
                    self.fired.append("corrupt")
            return stall, status, plan.retry_after, drop, corrupt


class FaultMiddleware:
    """ASGI middleware that makes the planned faults happen; a pass-through while faults are off."""

    def __init__(self, app: Any, faults: Faults) -> None:
        self.app = app
        self.faults = faults

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not self.faults.enabled:
            await self.app(scope, receive, send)
            return
        stall, status, retry_after, drop, corrupt = self.faults.take(scope["method"])
        if stall:
            await asyncio.sleep(stall)
        if status:
            body = (b'{"error":{"code":"injected_fault","message":"fault injected by the sandbox",'
                    b'"details":[]}}')
            await send({"type": "http.response.start", "status": status, "headers": [
                (b"content-type", b"application/json"), (b"retry-after", str(retry_after).encode()),
                (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})
            return
        if drop >= 0 or corrupt:
            receive = _faulty_receive(receive, drop, bool(corrupt))
        await self.app(scope, receive, send)


def _faulty_receive(receive: Any, drop_after: int, corrupt: bool) -> Any:
    seen = 0
    cut = False

    async def wrapped() -> Message:
        nonlocal seen, cut, corrupt
        if cut:
            _abort(receive)
            return {"type": "http.disconnect"}
        message: Message = await receive()
        if message["type"] != "http.request":
            return message
        body: bytes = message.get("body", b"")
        if corrupt and body:
            body = bytes([body[0] ^ 0xFF]) + body[1:]
            corrupt = False
        if drop_after >= 0 and seen + len(body) >= drop_after:
            body = body[:drop_after - seen]
            cut = True
            message = {"type": "http.request", "body": body, "more_body": True}
        seen += len(body)
        return {**message, "body": body}

    return wrapped


def _abort(receive: Any) -> None:
    """Reset the client's connection: uvicorn's request cycle (`receive.__self__`) holds the transport."""
    cycle = getattr(receive, "__self__", None)
    transport = getattr(cycle, "transport", None)
    if transport is None:
        raise RuntimeError("fault injection needs uvicorn (no transport to drop)")
    transport.abort()

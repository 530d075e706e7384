"""Hybrid logical clock stamps (Kulkarni et al.): physical milliseconds plus a counter.

A stamp is text ``<16 hex digits><device id>``: comparing stamps as strings orders them
by (clock value, device), a total order every device agrees on. The clock value is
``milliseconds << 16 | counter`` and never goes backwards, whatever the wall clock does;
after seeing a remote stamp, local stamps sort after it (causality ⇒ order).
Pure functions; the caller persists `last` in the same transaction that uses a stamp.
"""

from __future__ import annotations

WIDTH = 16
COUNTER_BITS = 16
_COUNTER_MASK = (1 << COUNTER_BITS) - 1


def tick(last: int, now_ms: int) -> int:
    """The next local clock value after `last` at wall time `now_ms`."""
    physical = max(last >> COUNTER_BITS, now_ms)
    if physical == last >> COUNTER_BITS:
        counter = (last & _COUNTER_MASK) + 1
        if counter > _COUNTER_MASK:  # 65,536 stamps in one millisecond: borrow the next
            return (physical + 1) << COUNTER_BITS
        return (physical << COUNTER_BITS) | counter
    return physical << COUNTER_BITS


def observe(last: int, remote: int) -> int:
    """Fold a received clock value in, so later local stamps sort after it."""
    return max(last, remote)


def stamp(value: int, device_id: str) -> str:
    return f"{value:0{WIDTH}x}{device_id}"


def value_of(text: str) -> int:
    """The clock value of a stamp; raises ValueError if malformed."""
    if len(text) <= WIDTH:
        raise ValueError("malformed clock stamp")
    return int(text[:WIDTH], 16)


def device_of(text: str) -> str:
    return text[WIDTH:]

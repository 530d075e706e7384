"""Chains of initiative → reception → response markers, their gaps, and a footage summary.

A chain starts at a child's initiative and takes each next marker that is the next step
of the circle (adult reception, adult response, child reception) and comes at most
`chain_max_gap_s` after the step before. Anything else ends the chain: another
initiative starts a new one; an out-of-order step stands alone. A chain that reaches the
child's reception completes the circle. Markers of types outside the circle (PAIG
behaviours, notes) are ignored. The result depends only on the set of markers, never on
the order they were added: equal times are ordered by step, then by id. Pure; any thread.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass

from vigdesk.core.markers import Marker, MarkerTypes, Step


@dataclass(frozen=True)
class Chain:
    markers: tuple[Marker, ...]
    steps: tuple[Step, ...]

    @property
    def id(self) -> str:
        """The id of its initiative marker: stable while the chain's start stays."""
        return self.markers[0].id

    @property
    def start_s(self) -> float:
        return self.markers[0].at_s

    @property
    def end_s(self) -> float:
        return self.markers[-1].at_s

    @property
    def gaps(self) -> tuple[float, ...]:
        """Seconds between each step and the next, to the millisecond."""
        return tuple(
            round(b.at_s - a.at_s, 3) for a, b in zip(self.markers, self.markers[1:], strict=False)
        )

    @property
    def completes_circle(self) -> bool:
        return self.steps[-1] is Step.CHILD_RECEPTION

    @property
    def received(self) -> bool:
        return len(self.steps) > 1

    def latency(self, step: Step) -> float | None:
        """Seconds from the initiative to `step`; None if the chain never got there."""
        if step not in self.steps:
            return None
        return round(self.markers[self.steps.index(step)].at_s - self.start_s, 3)


@dataclass(frozen=True)
class FootageSummary:
    markers: int
    chains: int
    completed_circles: int
    initiatives_received: int
    initiatives_missed: int
    median_reception_s: float | None  # initiative → adult's reception
    median_response_s: float | None  # initiative → adult's response


def build_chains(markers: Iterable[Marker], types: MarkerTypes) -> tuple[Chain, ...]:
    """The chains among `markers`, in time order (see the module docstring for the rule)."""
    stepped = [(m, step) for m in markers if (step := types.step_of(m.type)) is not None]
    stepped.sort(key=lambda ms: (ms[0].at_s, ms[1].order, ms[0].id))
    chains: list[Chain] = []
    current: list[tuple[Marker, Step]] = []

    def close() -> None:
        if current:
            chains.append(Chain(tuple(m for m, _ in current), tuple(s for _, s in current)))
            current.clear()

    for marker, step in stepped:
        if current:
            last, last_step = current[-1]
            follows = step.order == last_step.order + 1
            if follows and marker.at_s - last.at_s <= types.chain_max_gap_s + 1e-9:
                current.append((marker, step))
                if step is Step.CHILD_RECEPTION:
                    close()
                continue
            close()
        if step is Step.CHILD_INITIATIVE:
            current.append((marker, step))
    close()
    return tuple(chains)


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 3) if values else None


def summarise(markers: list[Marker], types: MarkerTypes) -> FootageSummary:
    """The summary figures of one footage's markers."""
    chains = build_chains(markers, types)
    received = sum(c.received for c in chains)
    return FootageSummary(
        markers=len(markers),
        chains=len(chains),
        completed_circles=sum(c.completes_circle for c in chains),
        initiatives_received=received,
        initiatives_missed=len(chains) - received,
        median_reception_s=_median(
            [x for c in chains if (x := c.latency(Step.ADULT_RECEPTION)) is not None]
        ),
        median_response_s=_median(
            [x for c in chains if (x := c.latency(Step.ADULT_RESPONSE)) is not None]
        ),
    )

"""Source time to output time for one export: the pure function the popups issue builds on.

The project keeps popup times on the SOURCE timeline (docs/time.md); an export keeps
`[actual_start_ms, actual_end_ms)` of the source, which in `copy` mode starts at the keyframe at or before
the requested in point and may end a little after the out point (B-frames), and in `accurate`/`smart`
mode starts at the frame shown at the in point. The output's time 0 is the first kept frame, so output
time = source time - actual start, for every source time inside the kept range; times outside it have
no output time (they were cut away). Everything is integer milliseconds; no rounding happens, so the
mapping and its inverse are exact.
Must not hold: the rules for what to do with a popup that is partly cut away (the popups issue puts
them in their own rule module, built on `clip_range`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ExportMapping:
    """What an export kept of the source: requested and actual ranges, `[start, end)` in source ms."""

    requested_start_ms: int
    requested_end_ms: int
    actual_start_ms: int
    actual_end_ms: int

    def __post_init__(self) -> None:
        if self.actual_end_ms <= self.actual_start_ms:
            raise ValueError(f"empty export range [{self.actual_start_ms}, {self.actual_end_ms})")
        if self.requested_end_ms <= self.requested_start_ms:
            raise ValueError(f"empty requested range [{self.requested_start_ms}, {self.requested_end_ms})")

    @property
    def duration_ms(self) -> int:
        """Length of the output."""
        return self.actual_end_ms - self.actual_start_ms

    @property
    def head_added_ms(self) -> int:
        """Source kept before the requested in point (copy mode's keyframe snap); never negative."""
        return max(0, self.requested_start_ms - self.actual_start_ms)

    @property
    def tail_added_ms(self) -> int:
        """Source kept after the requested out point; never negative."""
        return max(0, self.actual_end_ms - self.requested_end_ms)

    def contains(self, source_ms: int) -> bool:
        return self.actual_start_ms <= source_ms < self.actual_end_ms

    def to_output(self, source_ms: int) -> int | None:
        """The output time of `source_ms`, None when that moment was cut away."""
        return source_ms - self.actual_start_ms if self.contains(source_ms) else None

    def to_source(self, output_ms: int) -> int | None:
        """The source time shown at `output_ms` of the output, None outside the output."""
        return output_ms + self.actual_start_ms if 0 <= output_ms < self.duration_ms else None

    def clip_range(self, start_ms: int, end_ms: int) -> tuple[int, int] | None:
        """The part of the source range `[start_ms, end_ms)` that survives, as an output range; None if none."""
        start = max(start_ms, self.actual_start_ms)
        end = min(end_ms, self.actual_end_ms)
        if end <= start:
            return None
        return start - self.actual_start_ms, end - self.actual_start_ms

"""The exercise state machine: hold timers, reps, sides, rests and rhythmic cycles.

Every time comes from frame timestamps, never the wall clock, so a replay gives the same result every
run. The rules, for a held stretch:
- a hold starts once the person has been in position for HOLD_START_DELAY_MS (and its time counts from
  the moment they got there);
- a lapse out of position of up to HOLD_GRACE_MS pauses the timer; a longer one ends the hold;
- a hold counts when it reached the exercise's minimum; at the target the coach says "release";
- a counted hold completes a rep; a rest follows, then the next rep, the other side, or the end.
A person not in view, or with the judged joints out of frame, is simply not in position.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from posecoach.body.angles import AngleKey
from posecoach.engine.checker import Verdict
from posecoach.engine.events import AngleStats, Event, EventKind, Hold, HoldEnd, Phase
from posecoach.engine.routine import Exercise, PoseZone

HOLD_START_DELAY_MS = 300
HOLD_GRACE_MS = 1000


@dataclass
class ExerciseSession:
    """Runs one exercise through its reps and sides, fed one verdict per frame."""

    exercise: Exercise
    phase: Phase = Phase.POSITIONING
    holds: list[Hold] = field(default_factory=list)
    cycles: int = 0
    reps_done: int = 0
    _side_index: int = 0
    _in_position_since: int | None = None
    _hold_start: int | None = None
    _held_ms: int = 0
    _last_in_position: int | None = None
    _previous_t: int | None = None
    _rest_until: int | None = None
    _zone: str | None = None
    _half_cycles: int = 0
    _set_cycles: int = 0
    # Per judged angle over the hold so far: its values, its landmarks' visibility, the view's confidence.
    _hold_angles: dict[AngleKey, tuple[list[float], list[float], list[float]]] = field(default_factory=dict)

    @property
    def side(self) -> str | None:
        """The side being worked, or None for an exercise without sides."""
        sides = self.exercise.sides
        return sides[min(self._side_index, len(sides) - 1)] if sides else None

    @property
    def reps_this_side(self) -> int:
        """Reps completed on the side being worked."""
        return self.reps_done - self._side_index * self.exercise.reps

    @property
    def set_cycles(self) -> int:
        """Cycles counted in the current set of a rhythmic move."""
        return self._set_cycles

    def rest_remaining_s(self, t_ms: int) -> float | None:
        """Seconds of rest left at `t_ms`, or None outside a rest."""
        if self.phase != Phase.RESTING or self._rest_until is None:
            return None
        return max(self._rest_until - t_ms, 0) / 1000

    @property
    def held_s(self) -> float:
        """Seconds held in the current hold (0 outside a hold)."""
        return self._held_ms / 1000 if self.phase == Phase.HOLDING else 0.0

    def update(self, t_ms: int, verdict: Verdict) -> list[Event]:
        """Advance to `t_ms` with this frame's verdict; returns what happened at this frame."""
        events: list[Event] = []
        timing = self.phase in (Phase.POSITIONING, Phase.HOLDING)
        if self.exercise.kind == "hold" and verdict.in_position and timing:
            # A hold's time counts from the moment the person got into position, so its angles do too: a
            # hold stopped just after it started still says how the person stood.
            view_confidence = verdict.view.confidence if verdict.view is not None else None
            for check in verdict.checks:
                if check.value is not None:
                    values, visibility, confidence = self._hold_angles.setdefault(check.key, ([], [], []))
                    values.append(check.value)
                    visibility.append(check.visibility)
                    if view_confidence is not None:
                        confidence.append(view_confidence)
        if self._previous_t is None:
            events.append(Event(t_ms, EventKind.EXERCISE_STARTED, self.side, name=self.exercise.name))
        if self.phase == Phase.RESTING:
            self._rest(t_ms, events)
        elif self.phase in (Phase.POSITIONING, Phase.HOLDING):
            if self.exercise.kind == "hold":
                self._hold(t_ms, verdict.in_position, events)
            else:
                self._rhythm(t_ms, verdict.in_position, verdict.rhythm_value, events)
        self._previous_t = t_ms
        return events

    def _hold(self, t_ms: int, in_position: bool, events: list[Event]) -> None:
        hold = self.exercise.hold
        assert hold is not None
        if self.phase == Phase.POSITIONING:
            if not in_position:
                self._in_position_since = None
                self._hold_angles = {}
                return
            if self._in_position_since is None:
                self._in_position_since = t_ms
            if t_ms - self._in_position_since >= HOLD_START_DELAY_MS:
                self.phase = Phase.HOLDING
                self._hold_start = self._in_position_since
                self._held_ms = t_ms - self._in_position_since
                self._last_in_position = t_ms
                events.append(Event(t_ms, EventKind.HOLD_STARTED, self.side))
            return
        assert self._last_in_position is not None and self._previous_t is not None
        if in_position:
            if self._last_in_position == self._previous_t:  # no lapse: the time since counts
                self._held_ms += t_ms - self._previous_t
            self._last_in_position = t_ms
            if self._held_ms >= hold.target_s * 1000:
                events.append(Event(t_ms, EventKind.RELEASE, self.side))
                self._end_hold(t_ms, events, HoldEnd.RELEASE)
        elif t_ms - self._last_in_position > HOLD_GRACE_MS:
            self._end_hold(self._last_in_position, events, HoldEnd.LAPSE)

    def end_hold(self, reason: HoldEnd) -> list[Event]:
        """End the hold in progress, if any, at its last moment in position, because of `reason` (a pain
        stop, the end of the video, an interrupted run). A hold past the minimum counts, as any other."""
        if self.phase != Phase.HOLDING or self._last_in_position is None:
            return []
        events: list[Event] = []
        self._end_hold(self._last_in_position, events, reason)
        return events

    def _end_hold(self, end_ms: int, events: list[Event], reason: HoldEnd) -> None:
        hold = self.exercise.hold
        assert hold is not None and self._hold_start is not None
        counted = self._held_ms >= hold.min_s * 1000
        angles = {key: AngleStats.of(*series) for key, series in self._hold_angles.items()}
        ended = Hold(self._hold_start, end_ms, self._held_ms / 1000, self.side, counted, angles, reason)
        self.holds.append(ended)
        self._hold_angles = {}
        self._in_position_since = None
        self._held_ms = 0
        self.phase = Phase.POSITIONING
        if counted:
            count = len(self._counted())
            events.append(Event(end_ms, EventKind.HOLD_COMPLETED, self.side, ended, count=count))
            self._rep_done(end_ms, events)
        else:
            events.append(Event(end_ms, EventKind.HOLD_TOO_SHORT, self.side, ended, seconds=hold.min_s))

    def _counted(self) -> list[Hold]:
        return [h for h in self.holds if h.counted and h.side == self.side]

    def _rep_done(self, t_ms: int, events: list[Event]) -> None:
        self.reps_done += 1
        last_side = self._side_index >= max(len(self.exercise.sides), 1) - 1
        if self.reps_this_side >= self.exercise.reps and last_side:
            self.phase = Phase.DONE
            events.append(Event(t_ms, EventKind.EXERCISE_COMPLETED, self.side, name=self.exercise.name))
            return
        self.phase = Phase.RESTING
        self._rest_until = t_ms + round(self.exercise.rest_s * 1000)
        events.append(Event(t_ms, EventKind.REST_STARTED, self.side, seconds=self.exercise.rest_s))

    def _rest(self, t_ms: int, events: list[Event]) -> None:
        assert self._rest_until is not None
        if t_ms < self._rest_until:
            return
        self.phase = Phase.POSITIONING
        self._in_position_since = None
        self._zone = None
        self._half_cycles = self._set_cycles = 0
        if self.exercise.sides and self.reps_this_side >= self.exercise.reps:
            self._side_index += 1
            events.append(Event(t_ms, EventKind.SIDE_STARTED, self.side))
        else:
            events.append(Event(t_ms, EventKind.REST_ENDED, self.side))

    @property
    def zone(self) -> str | None:
        """The rhythm's pose reached last (e.g. "cat"), None before the first or for a hold."""
        return self._zone

    def _rhythm(self, t_ms: int, in_position: bool, value: float | None, events: list[Event]) -> None:
        rhythm = self.exercise.rhythm
        assert rhythm is not None
        if not in_position or value is None:
            return
        zone = _zone_of(value, rhythm.poses)
        if zone is None or zone == self._zone:
            return
        if self._zone is not None:
            self._half_cycles += 1
            if self._half_cycles % 2 == 0:
                self.cycles += 1
                self._set_cycles += 1
                events.append(Event(t_ms, EventKind.CYCLE, self.side, count=self._set_cycles))
                if self._set_cycles >= rhythm.cycles:
                    self._rep_done(t_ms, events)
        self._zone = zone


def _zone_of(value: float, zones: tuple[PoseZone, PoseZone]) -> str | None:
    return next((zone.name for zone in zones if zone.contains(value)), None)

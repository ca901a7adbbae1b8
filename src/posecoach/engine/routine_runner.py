"""A routine, exercise after exercise: get-ready countdowns, pause, skip, restart and the pain stop.

The runner is the engine of the live coach. It is fed one pose per frame and the user's commands, and
returns a `CoachState` that the overlay draws, the cues voice and the session log records; it never
draws or plays anything itself. Like the exercise session, it reads time from frame timestamps only;
paused time is taken out of the exercise's clock, so a pause never counts as time held.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from posecoach.engine.checker import Verdict
from posecoach.engine.events import Event, EventKind, HoldEnd, Phase
from posecoach.engine.exercise_run import ExerciseRun
from posecoach.engine.ratings import DIGIT_WAIT_MS, DIGITS, RatingPrompt
from posecoach.engine.routine import Exercise, Routine
from posecoach.pose.pose import Pose

GET_READY_MS = 5000
# After the last exercise the final panel stays this long before the session ends, long enough to read
# it and begin typing the ratings it asks for (typing keeps it up). A pain stop waits for the person.
FINAL_PANEL_MS = 8000

COMMANDS = ("pause", "next", "back", "restart", "pain", *DIGITS)


@dataclass(frozen=True, eq=False)
class CoachState:
    """Everything the screen, the speaker and the log need about one frame.

    Attributes:
        t_ms: the frame's timestamp.
        exercise: the current exercise; `index` of `count` in the routine.
        phase: GET_READY, the exercise session's phase (POSITIONING, HOLDING, RESTING, DONE), STOPPED
            after a pain stop, or FINISHED after the last exercise.
        paused: the user paused; nothing is judged or timed.
        countdown_s: seconds left of the get-ready countdown or the rest, else None.
        verdict: this frame's judgement (also during the countdown, for the set-up hints), or None.
        held_s, hold_target_s: seconds held in the current hold, and the hold's target.
        reps_done, reps_per_side: reps completed on the current side, and reps asked per side.
        side: the side being worked, or None.
        cycles, cycles_target: rhythmic cycles done in this set, and asked per set.
        next_exercise: the name of the exercise after this one, or None.
        rest_leads_to: while resting, what comes next: "rep" (the next rep) or "side" (the other side).
        events: what happened at this frame.
        rating: the rating asked now, as (moment, measure), e.g. ("before", "pain"); None when none is.
    """

    t_ms: int
    exercise: Exercise
    index: int
    count: int
    phase: Phase
    paused: bool
    countdown_s: float | None
    verdict: Verdict | None
    held_s: float
    hold_target_s: float | None
    reps_done: int
    reps_per_side: int
    side: str | None
    cycles: int
    cycles_target: int | None
    next_exercise: str | None
    rest_leads_to: str | None = None
    events: tuple[Event, ...] = field(default_factory=tuple)
    rating: tuple[str, str] | None = None

    @property
    def finished(self) -> bool:
        return self.phase == Phase.FINISHED


class RoutineRunner:
    """Runs `exercises` (by default every exercise of `routine`) in order, one frame at a time."""

    def __init__(self, routine: Routine, exercises: tuple[Exercise, ...] | None = None) -> None:
        self.routine = routine
        self.exercises = exercises or routine.exercises
        self.index = 0
        self.paused = False
        self._pending: list[Event] = []
        self._paused_ms = 0  # time paused so far, taken out of the exercise's clock
        self._pause_started: int | None = None
        self._last_t: int | None = None
        self._phase = Phase.GET_READY
        self._ready_at: int | None = None
        self._finished_at: int | None = None
        self.ratings = RatingPrompt("before")
        self._start_exercise()

    @property
    def exercise(self) -> Exercise:
        return self.exercises[self.index]

    @property
    def over(self) -> bool:
        """The routine has finished and its final panel has been shown."""
        ended, now = self._finished_at, self._last_t
        if ended is None or now is None or now - ended < FINAL_PANEL_MS:
            return False
        return not self.ratings.answering(now)

    def _asking(self) -> bool:
        """Ratings are asked before the first exercise until it gets going (its first hold or cycle),
        and after the last one while the final panel shows."""
        if self.ratings.question is None:
            return False
        if self.ratings.moment == "after":
            return self._phase == Phase.FINISHED
        session = self.run.session
        starting = self._phase in (Phase.GET_READY, Phase.POSITIONING) and self.index == 0
        return starting and not session.holds and session.cycles == 0

    def _start_exercise(self) -> None:
        self.run = ExerciseRun(self.exercise)
        self._phase, self._ready_at = Phase.GET_READY, None

    def command(self, name: str, t_ms: int) -> None:
        """Apply a user command (one of COMMANDS) at `t_ms`."""
        if name not in COMMANDS:
            raise ValueError(f"unknown command {name!r}; expected one of {', '.join(COMMANDS)}")
        if name in DIGITS:  # a rating, when one is asked; otherwise nothing
            if self._asking():
                self._pending += self.ratings.key(name, t_ms)
            return
        if name == "pause":
            if self.paused:
                self._resume(t_ms)
                self._pending.append(Event(t_ms, EventKind.RESUMED))
            elif self._phase not in (Phase.STOPPED, Phase.FINISHED):
                self.paused, self._pause_started = True, t_ms
                self._pending.append(Event(t_ms, EventKind.PAUSED))
            return
        if name == "pain":
            self._pain_stop(t_ms)
            return
        self._resume(t_ms)
        if name == "next":
            if self.index + 1 >= len(self.exercises):
                self._finish(t_ms)
                return
            self.index += 1
            self._pending.append(Event(t_ms, EventKind.SKIPPED, name=self.exercise.name))
        elif name == "back":
            self.index = max(self.index - 1, 0)
            self._pending.append(Event(t_ms, EventKind.WENT_BACK, name=self.exercise.name))
        else:
            self._pending.append(Event(t_ms, EventKind.RESTARTED, name=self.exercise.name))
        self._finished_at = None
        self._start_exercise()

    def _pain_stop(self, t_ms: int) -> None:
        """Stop at once, from any phase (a pause included), with the hold in progress recorded in the
        event. The routine then waits for the person: the next exercise, or quitting."""
        if self._phase in (Phase.STOPPED, Phase.FINISHED):
            return
        self._resume(t_ms)
        ended = self.run.session.end_hold(HoldEnd.PAIN_STOP)
        # The hold's own events (a "done" tone, the rest) do not fit a pain stop: the stop carries it.
        hold = next((event.hold for event in ended if event.hold is not None), None)
        self._phase = Phase.STOPPED
        self._pending.append(Event(t_ms, EventKind.PAIN_STOP, self.run.session.side, hold))

    def stop(self, t_ms: int, reason: HoldEnd) -> CoachState:
        """The run ends (the source ended, or the person quit): the hold in progress, if any, ends too.

        Returns the last state, whose events are that hold's end.
        """
        events = [*self._pending, *self.run.session.end_hold(reason)]
        self._pending = []
        return self._state(t_ms, t_ms - self._paused_ms, None, events)

    def _resume(self, t_ms: int) -> None:
        """End a pause, if any, taking its time out of the exercise's clock."""
        if self.paused and self._pause_started is not None:
            self._paused_ms += t_ms - self._pause_started
        self.paused, self._pause_started = False, None

    def _finish(self, t_ms: int) -> None:
        self._phase, self._finished_at = Phase.FINISHED, t_ms
        self._pending += self.ratings.tick(t_ms + DIGIT_WAIT_MS)  # a "1" typed last is a 1
        self.ratings = RatingPrompt("after")
        self._pending.append(Event(t_ms, EventKind.ROUTINE_COMPLETED, name=self.routine.name))

    def step(self, pose: Pose | None, t_ms: int) -> CoachState:
        """Judge the coached person's pose at `t_ms` and advance the routine."""
        self._last_t = t_ms
        if self._phase == Phase.DONE:  # the frame after an exercise completes: on to the next one
            self._advance(t_ms)
        self._pending += self.ratings.tick(t_ms)
        events, self._pending = self._pending, []
        verdict = None
        clock = t_ms - self._paused_ms  # the exercise's clock: paused time taken out
        if not self.paused and self._phase not in (Phase.STOPPED, Phase.FINISHED):
            verdict = self.run.judge(pose, clock)
            if self._phase == Phase.GET_READY:
                if self._ready_at is None:
                    self._ready_at = clock + GET_READY_MS
                    events.append(Event(t_ms, EventKind.GET_READY, name=self.exercise.name))
                if clock >= self._ready_at:
                    self._phase = self.run.session.phase
            if self._phase != Phase.GET_READY:
                step = self.run.advance(clock, verdict)
                events += step.events
                self._phase = step.phase
        return self._state(t_ms, clock, verdict, events)

    def _advance(self, t_ms: int) -> None:
        if self.index + 1 >= len(self.exercises):
            self._finish(t_ms)
        else:
            self.index += 1
            self._start_exercise()

    def _state(self, t_ms: int, clock: int, verdict: Verdict | None, events: list[Event]) -> CoachState:
        countdown = None
        if self._phase == Phase.GET_READY and self._ready_at is not None:
            countdown = max(self._ready_at - clock, 0) / 1000
        following = self.exercises[self.index + 1].name if self.index + 1 < len(self.exercises) else None
        question = self.ratings.question if self._asking() else None
        return exercise_state(
            self.run,
            self._phase,
            t_ms,
            clock,
            verdict,
            tuple(events),
            place=(self.index, len(self.exercises), following),
            paused=self.paused,
            countdown_s=countdown,
            rating=(self.ratings.moment, question) if question is not None else None,
        )


def exercise_state(
    run: ExerciseRun,
    phase: Phase,
    t_ms: int,
    clock: int,
    verdict: Verdict | None,
    events: tuple[Event, ...] = (),
    place: tuple[int, int, str | None] = (0, 1, None),
    paused: bool = False,
    countdown_s: float | None = None,
    rating: tuple[str, str] | None = None,
) -> CoachState:
    """The coach's state of one exercise at `t_ms` (`clock`: the exercise's own time, pauses taken
    out), in a routine at `place` (index, count, the next exercise's name); alone by default, as
    `posecoach analyze` shows a recording."""
    exercise, session = run.exercise, run.session
    resting = phase == Phase.RESTING
    if resting:
        countdown_s = session.rest_remaining_s(clock)
    index, count, following = place
    return CoachState(
        t_ms=t_ms,
        exercise=exercise,
        index=index,
        count=count,
        phase=phase,
        paused=paused,
        countdown_s=countdown_s,
        verdict=verdict,
        held_s=session.held_s if phase == Phase.HOLDING else 0.0,
        hold_target_s=exercise.hold.target_s if exercise.hold else None,
        reps_done=session.reps_this_side,
        reps_per_side=exercise.reps,
        side=session.side,
        cycles=session.set_cycles,
        cycles_target=exercise.rhythm.cycles if exercise.rhythm else None,
        next_exercise=following,
        rest_leads_to=("rep" if session.reps_this_side < exercise.reps else "side") if resting else None,
        events=events,
        rating=rating,
    )

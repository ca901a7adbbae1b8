"""What the commands that need the pose model do. The CLI imports this module only for them, so
that `posecoach --help` and `posecoach routines list` start without loading OpenCV or MediaPipe."""

from __future__ import annotations

import argparse
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TextIO

import cv2
import numpy as np

from posecoach import DISCLAIMER
from posecoach.analysis import Coverage, analyze
from posecoach.capture.lighting import TOO_DARK_ADVICE
from posecoach.capture.sources import CameraSource, FrameSource, open_source
from posecoach.coach import run_coach
from posecoach.engine.events import HoldEnd
from posecoach.engine.exercise_run import ExerciseRun
from posecoach.engine.frame_result import FrameResult
from posecoach.engine.routine import Exercise, Routine
from posecoach.engine.routine_file import default_routine_path, load_routine
from posecoach.engine.routine_runner import RoutineRunner, exercise_state
from posecoach.errors import PosecoachError, Terminated
from posecoach.fileio import STDOUT, check_writable
from posecoach.history.commands import SessionRecorder
from posecoach.history.records import HoldRecord, SessionRecord, analysis_record
from posecoach.history.store import open_history
from posecoach.locations import models_dir, package_data
from posecoach.pose.estimator import PoseEstimator
from posecoach.pose.model_store import DEFAULT_MODEL, ModelFile, install_model, load_manifest, resolve_model
from posecoach.pose.person import DEFAULT_MAX_PEOPLE
from posecoach.reports.analysis_json import AnalysisJson, JudgedExercise
from posecoach.reports.annotated_video import AnnotatedVideo
from posecoach.reports.hold_frames import HoldFrames
from posecoach.reports.session_log import SessionLog, local_time
from posecoach.ui.audio import AudioOut
from posecoach.ui.coach_overlay import CoachOverlay
from posecoach.ui.display import HeadlessDisplay, WindowDisplay, display_available
from posecoach.ui.drawing import SkeletonOverlay
from posecoach.ui.keys import KEY_HELP
from posecoach.ui.progress import Progress

# The bundled sample the demo coaches: a rendered wall lean, held to the release (see samples/README.md).
DEMO_CLIP = ("demo", "wall_lean_right.mp4")
DEMO_EXERCISE = "wall_lean"
# The demo's snapshot: 15 s into the 15 fps clip, the middle of the hold.
DEMO_SNAPSHOT_FRAME = 225
# With no source given the coach tries camera 0; when none opens, the ways to coach without one.
_NO_DEFAULT_CAMERA = (
    "pick a camera with --camera N, coach a video file (posecoach coach VIDEO), replay one as if it were a "
    "camera (posecoach coach --live VIDEO), or coach a sample with `posecoach demo`"
)


def run_analysis(
    source_spec: dict,
    model: Path | None,
    json_out: Path | None,
    annotated_out: Path | None,
    max_people: int = DEFAULT_MAX_PEOPLE,
    routine_exercise: tuple[Routine, Exercise] | None = None,
    history_file: Path | None = None,
) -> None:
    """`posecoach analyze`: the pose (and, with an exercise, the verdict) of every frame of a source,
    written to `json_out` if given (`-`: standard output); prints a summary. A judged run is added to
    the history in `history_file`, if given.

    Outputs are checked before any work. Stopped early (Ctrl-C, SIGTERM), the analysis keeps what it
    did, marked interrupted, and the interrupt is raised again once everything is written.
    """
    for path, what in ((json_out, "analysis"), (annotated_out, "annotated video")):
        if path is not None:
            check_writable(path, what)
    model_file = resolve_model(model)
    with open_history(history_file if routine_exercise else None) as history:
        outcome, interrupt = analyze_recording(
            source_spec, model_file, json_out, annotated_out, max_people, routine_exercise
        )
        if history is not None and outcome.record is not None:
            history.save(outcome.record)
    out = sys.stderr if json_out == STDOUT else sys.stdout  # the document alone goes to stdout
    print_summary(outcome, out)
    for problem in outcome.warnings():
        _warn(problem)
    for label, path in (("analysis", json_out), ("annotated video", annotated_out)):
        if path is not None and path != STDOUT:
            print(f"  {label}: {path}", file=out)
    if interrupt is not None:
        raise interrupt


@dataclass(frozen=True)
class AnalysisOutcome:
    """What one analysis found, for its summary (plain data: a batch's worker processes send it back).

    Attributes:
        name: the source's name.
        coverage: frames seen, with anyone, with the coached person, too dark.
        exercise: the judged exercise's name, or None.
        record: with an exercise, the run as the history keeps it (its holds, cycles), else None.
        reps, cycles: reps completed, rhythm cycles counted.
        problems: what went wrong reading the source (frames that would not decode...).
        interrupted: stopped before the source's end (Ctrl-C, SIGTERM).
    """

    name: str
    coverage: Coverage
    exercise: str | None = None
    record: SessionRecord | None = None
    reps: int = 0
    cycles: int = 0
    problems: tuple[str, ...] = ()
    interrupted: bool = False

    @property
    def holds(self) -> tuple[HoldRecord, ...]:
        return self.record.holds if self.record is not None else ()

    @property
    def counted(self) -> int:
        return self.record.holds_counted if self.record is not None else 0

    def warnings(self) -> list[str]:
        """What the person should know about the input, one line each."""
        dark = self.coverage.too_dark
        too_dark = [f"{dark} of {self.coverage.frames} frames too dark: {TOO_DARK_ADVICE}"] if dark else []
        return [*self.problems, *too_dark]


def analyze_recording(
    source_spec: dict,
    model_file: ModelFile,
    json_out: Path | None,
    annotated_out: Path | None,
    max_people: int = DEFAULT_MAX_PEOPLE,
    routine_exercise: tuple[Routine, Exercise] | None = None,
    progress: bool = True,
) -> tuple[AnalysisOutcome, KeyboardInterrupt | None]:
    """Analyse one source into its outputs (checked writable by the caller); returns what was found
    and the interrupt that stopped it early, if any (everything is written by then)."""
    run, judged = None, None
    if routine_exercise is not None:
        run = ExerciseRun(routine_exercise[1])
        judged = JudgedExercise(routine_exercise[0], run)
    coverage = Coverage()
    started = local_time()
    with open_source(**source_spec) as source, PoseEstimator(model_file, max_people=max_people) as estimator:
        analysis = AnalysisJson(json_out, source, model_file, judged)
        sinks: list[AnalysisJson | AnnotatedVideo | Coverage] = [analysis, coverage]
        if annotated_out is not None:
            draw = _coach_screen(run) if run is not None else _skeleton_drawer()
            sinks.append(AnnotatedVideo(annotated_out, source.fps or 30.0, draw))
        shown = Progress(f"analyzing {source.name}", source.frame_count) if progress else None
        interrupt = _analyze_into(source, estimator, run, sinks, analysis, shown)
        name, problems = source.name, tuple(source.problems)
    outcome = AnalysisOutcome(name, coverage, problems=problems, interrupted=interrupt is not None)
    if run is not None and routine_exercise is not None:
        session = run.session
        reason = "interrupted" if interrupt is not None else "source ended"
        record = analysis_record(
            uuid.uuid4().hex,
            routine_exercise[0],
            run.exercise.id,
            str(source_spec.get("video") or source_spec.get("live") or name),
            started,
            local_time(),
            reason,
            tuple(session.holds),
            session.cycles,
        )
        outcome = replace(
            outcome, exercise=run.exercise.name, record=record, reps=session.reps_done, cycles=session.cycles
        )
    return outcome, interrupt


def _analyze_into(
    source: FrameSource,
    estimator: PoseEstimator,
    run: ExerciseRun | None,
    sinks: list,
    analysis: AnalysisJson,
    progress: Progress | None,
) -> KeyboardInterrupt | None:
    """Feed every frame result to every sink and close them; returns the interrupt that stopped it.

    Raises:
        PosecoachError: a sink could not write, or the model failed on a frame; the sinks are closed
            first, the analysis marked interrupted by it.
    """
    interrupt, failed = None, None
    try:
        for count, result in enumerate(analyze(source, estimator, run), 1):
            for sink in sinks:
                sink.append(result)
            if progress is not None:
                progress.update(count)
    except KeyboardInterrupt as stop:  # Ctrl-C, or SIGTERM (cli.Terminated): keep what was analyzed
        interrupt = stop
    except PosecoachError as error:
        failed = error
    finally:
        if progress is not None:
            progress.close()
    if run is not None:  # the hold in progress ends with the analysis, and is kept
        whole = interrupt is None and failed is None
        ended = run.session.end_hold(HoldEnd.SOURCE_ENDED if whole else HoldEnd.INTERRUPTED)
        analysis.add_events(ended)
    reason = str(failed) if failed else (_interrupt_name(interrupt) if interrupt else None)
    for sink in sinks:
        try:
            if sink is analysis:
                analysis.close(reason)
            else:
                sink.close()
        except PosecoachError as error:
            failed = failed or error
    if failed is not None:
        raise failed
    return interrupt


def _interrupt_name(interrupt: KeyboardInterrupt) -> str:
    return interrupt.signal_name if isinstance(interrupt, Terminated) else "Ctrl-C"


def _coach_screen(run: ExerciseRun) -> Callable[[FrameResult], np.ndarray]:
    """What the coach's window would show of each judged frame: angles, verdict colours, the hint and
    the hold ring (the frame's own timing: the run has just judged it)."""
    overlay = CoachOverlay()

    def draw(result: FrameResult) -> np.ndarray:
        step = result.coaching
        assert step is not None
        t_ms = result.frame.t_ms
        state = exercise_state(run, step.phase, t_ms, t_ms, step.verdict, step.events)
        return overlay.draw(result.frame.image_bgr, result.pose, state, notice=result.notice)

    return draw


def _skeleton_drawer() -> Callable[[FrameResult], np.ndarray]:
    skeleton = SkeletonOverlay()
    return lambda result: skeleton.annotate(result.frame.image_bgr.copy(), result.pose)


def print_summary(outcome: AnalysisOutcome, out: TextIO) -> None:
    """The analysis's summary: frames with anyone and with the coached person; holds, reps, cycles."""
    coverage = outcome.coverage
    total, anyone, coached = coverage.frames, coverage.anyone, coverage.coached
    print(
        f"{outcome.name}: {total} frames{' (interrupted)' if outcome.interrupted else ''}; "
        f"a person found on {anyone} ({100 * anyone / max(total, 1):.1f}%), "
        f"the coached person on {coached} ({100 * coached / max(total, 1):.1f}%)",
        file=out,
    )
    if outcome.exercise is not None:
        durations = ", ".join(
            f"{hold.duration_s:.1f} s" + (f" {hold.side}" if hold.side else "") for hold in outcome.holds
        )
        print(
            f"  {outcome.exercise}: {outcome.counted} of {len(outcome.holds)} holds counted"
            f"{f' ({durations})' if outcome.holds else ''}, {outcome.reps} reps completed"
            f"{', ' + str(outcome.cycles) + ' cycles' if outcome.cycles else ''}",
            file=out,
        )


def models(args: argparse.Namespace) -> None:
    """`posecoach models install` and `posecoach models status`."""
    entry = load_manifest()[DEFAULT_MODEL]
    if args.models_command == "install":
        install_model(entry, models_dir(), try_download=not args.offline, force=args.force)
    else:
        model = resolve_model()
        print(f"{model.path}: matches the manifest (sha256 {model.sha256[:12]}...)")


def _warn(message: str) -> None:
    print(f"posecoach: {message}", file=sys.stderr)


def coach(given: dict, args: argparse.Namespace) -> None:
    """`posecoach coach`, from the source given (camera 0 if none)."""
    print(DISCLAIMER)
    routine = load_routine(args.routine or default_routine_path())
    exercises = (routine.exercise(args.exercise),) if args.exercise else None
    audio = None if args.mute else AudioOut(voice=not args.no_voice, warn=_warn)
    log = args.log or Path("out") / f"session-{time.strftime('%Y%m%d-%H%M%S')}.jsonl"
    _coach_session(
        given, routine, exercises, args.model, args.headless, args.out, log, audio, args.history,
        save_frames=args.save_frames,
    )  # fmt: skip


class _Snapshot:
    """Passes frames on to a display and saves the `at`-th one as a PNG."""

    def __init__(self, display: WindowDisplay | HeadlessDisplay, at: int, path: Path) -> None:
        self.display, self.at, self.path, self._count = display, at, path, 0

    @property
    def closed(self) -> bool:
        return self.display.closed

    def show(self, image: np.ndarray) -> None:
        if self._count == self.at:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            cv2.imwrite(str(self.path), image)
        self._count += 1
        self.display.show(image)

    def command(self) -> str | None:
        return self.display.command()

    def close(self) -> None:
        self.display.close()


def _coach_session(
    given: dict,
    routine: Routine,
    exercises: tuple[Exercise, ...] | None,
    model_path: Path | None,
    headless: bool,
    out: Path | None,
    log_path: Path,
    audio: AudioOut | None,
    history_file: Path | None,
    snapshot: tuple[int, Path] | None = None,
    save_frames: bool = False,
) -> None:
    """Coach from a source into a log; the session goes into the history in `history_file` (if given)
    from its log: once at the start (so that a session killed mid-way is imported from its log when the
    history next opens) and again at the end, however it ends. Its report is written beside the log."""
    for path, what in ((out, "screen video"), (log_path, "session log")):
        if path is not None:
            check_writable(path, what)
    with SessionRecorder(history_file, log_path, _warn) as recorder:
        try:
            model = resolve_model(model_path)
            window = None if headless else WindowDisplay()  # says so at once when there is no display
            source = open_source(**given) if given else CameraSource(0, advice=_NO_DEFAULT_CAMERA)
            runner = RoutineRunner(routine, exercises)
            with source, PoseEstimator(model) as estimator, SessionLog(log_path) as log:
                display = window or HeadlessDisplay(out, source.fps or 30.0)
                screen = _Snapshot(display, *snapshot) if snapshot else display
                print(f"coaching {routine.name} from {source.name}; keys: {KEY_HELP}; log: {log_path}")
                log.start(routine.id, source.name, [e.id for e in runner.exercises], routine.path)
                recorder.started()
                try:
                    mirror = isinstance(source, CameraSource)
                    frames = HoldFrames(log, SkeletonOverlay().annotate) if save_frames else None
                    run = run_coach(source, estimator, runner, screen, log, audio, mirror, frames)
                finally:
                    screen.close()
        finally:
            if audio is not None:
                audio.close()
    print(
        f"session ended ({run.reason}) after {run.frames} frames at {run.fps:.1f} fps: "
        f"{log.holds_counted} holds counted; log: {log_path}" + (f"; video: {out}" if out else "")
    )
    recorder.print_where()


def demo(args: argparse.Namespace) -> None:
    """`posecoach demo`: the coach on the bundled wall-lean clip, in a window or headless."""
    print(DISCLAIMER)
    if args.model is None:
        install_model(load_manifest()[DEFAULT_MODEL], models_dir())
    routine = load_routine(default_routine_path())
    headless = not display_available()
    if headless:
        print("no display here: the coach runs headless and writes what its window would show")
    clip = package_data(*DEMO_CLIP)
    _coach_session(
        {"live": clip} if not headless else {"video": clip},
        routine,
        (routine.exercise(DEMO_EXERCISE),),
        args.model,
        headless,
        args.out / "demo_coach.mp4" if headless else None,
        args.out / "demo_session.jsonl",
        AudioOut(warn=_warn),
        args.history,
        snapshot=(DEMO_SNAPSHOT_FRAME, args.out / "demo_frame.png"),
    )
    print(f"  snapshot of the screen mid-hold: {args.out / 'demo_frame.png'}")

"""What the commands that need the pose model do. The CLI imports this module only for them, so
that `posecoach --help` and `posecoach routines list` start without loading OpenCV or MediaPipe."""

from __future__ import annotations

import argparse
import json
import sys
import time
from contextlib import nullcontext
from pathlib import Path

import cv2
import numpy as np

from posecoach import DISCLAIMER
from posecoach.analysis import analysis_document, analyze, coverage
from posecoach.capture.sources import CameraSource, open_source
from posecoach.capture.video_sink import VideoSink
from posecoach.coach import run_coach
from posecoach.engine.routine import Exercise, Routine, default_routine_path, load_routine
from posecoach.engine.routine_runner import RoutineRunner
from posecoach.engine.session import Event, ExerciseSession
from posecoach.errors import SourceError
from posecoach.locations import models_dir, package_data
from posecoach.pose.estimator import PoseEstimator
from posecoach.pose.model_store import DEFAULT_MODEL, install_model, load_manifest, resolve_model
from posecoach.pose.person import DEFAULT_MAX_PEOPLE
from posecoach.reports.session_log import SessionLog
from posecoach.ui.cues import AudioOut
from posecoach.ui.display import HeadlessDisplay, WindowDisplay, display_available
from posecoach.ui.drawing import SkeletonOverlay
from posecoach.ui.keys import KEY_HELP
from posecoach.ui.progress import Progress

# The bundled sample the demo coaches: a rendered wall lean, held to the release (see samples/README.md).
DEMO_CLIP = ("demo", "wall_lean_right.mp4")
DEMO_EXERCISE = "wall_lean"
# The demo's snapshot: 15 s into the 15 fps clip, the middle of the hold.
DEMO_SNAPSHOT_FRAME = 225


def run_analysis(
    source_spec: dict,
    model: Path | None,
    json_out: Path | None,
    annotated_out: Path | None,
    max_people: int = DEFAULT_MAX_PEOPLE,
    routine_exercise: tuple[Routine, Exercise] | None = None,
) -> dict:
    """`posecoach analyze`: the pose (and, with an exercise, the verdict) of every frame of a source.

    Prints one summary line and returns the analysis document, written to `json_out` if given.
    """
    model_file = resolve_model(model)
    overlay = SkeletonOverlay()
    records: list[dict] = []
    events: list[Event] = []
    session = ExerciseSession(routine_exercise[1]) if routine_exercise else None
    interrupted = False
    with open_source(**source_spec) as source, PoseEstimator(model_file, max_people=max_people) as estimator:
        progress = Progress(f"analyzing {source.name}", source.frame_count)
        with VideoSink(annotated_out, source.fps or 30.0) if annotated_out else nullcontext() as sink:
            try:
                for result in analyze(source, estimator, session):
                    records.append(result.to_json())
                    if result.coaching is not None:
                        events.extend(result.coaching.events)
                    if sink is not None:
                        sink.write(overlay.annotate(result.frame.image_bgr.copy(), result.pose))
                    progress.update(len(records))
            except KeyboardInterrupt:
                # A camera runs until stopped: keep what was analyzed.
                interrupted = True
            finally:
                progress.close()
        judged = (routine_exercise[0], session, events) if routine_exercise and session is not None else None
        document = analysis_document(source, model_file, records, judged)
    if json_out is not None:
        json_out.parent.mkdir(parents=True, exist_ok=True)
        json_out.write_text(json.dumps(document, separators=(",", ":")))
    _print_summary(document, interrupted)
    for label, path in (
        ("analysis", json_out),
        ("annotated video", annotated_out),
    ):
        if path is not None:
            print(f"  {label}: {path}")
    return document


def _print_summary(document: dict, interrupted: bool) -> None:
    total = document["frame_count"]
    anyone, coached = coverage(document)
    print(
        f"{document['video']}: {total} frames{' (interrupted)' if interrupted else ''}; "
        f"a person found on {anyone} ({100 * anyone / max(total, 1):.1f}%), "
        f"the coached person on {coached} ({100 * coached / max(total, 1):.1f}%)"
    )
    if "exercise" in document:
        holds = document["holds"]
        counted = [h for h in holds if h["counted"]]
        durations = ", ".join(
            f"{h['duration_s']:.1f} s" + (f" {h['side']}" if h["side"] else "") for h in holds
        )
        print(
            f"  {document['exercise']['name']}: {len(counted)} of {len(holds)} holds counted"
            f"{f' ({durations})' if holds else ''}, {document['reps_completed']} reps completed"
            f"{', ' + str(document['cycles']) + ' cycles' if document['cycles'] else ''}"
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
    _coach_session(given, routine, exercises, args.model, args.headless, args.out, log, audio)


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
    snapshot: tuple[int, Path] | None = None,
) -> None:
    try:
        model = resolve_model(model_path)
        window = None if headless else WindowDisplay()  # says so at once when there is no display
        try:
            source = open_source(**(given or {"camera": 0}))
        except SourceError as error:
            if given:
                raise
            raise SourceError(
                f"{error}. Pick a camera with --camera N, coach a video file (posecoach coach VIDEO), or "
                "replay one as if it were a camera (posecoach coach --live VIDEO); `posecoach demo` coaches "
                "a sample"
            ) from error
        runner = RoutineRunner(routine, exercises)
        with source, PoseEstimator(model) as estimator, SessionLog(log_path) as log:
            display = window or HeadlessDisplay(out, source.fps or 30.0)
            screen = _Snapshot(display, *snapshot) if snapshot else display
            print(f"coaching {routine.name} from {source.name}; keys: {KEY_HELP}; log: {log_path}")
            log.start(routine.id, source.name, [e.id for e in runner.exercises])
            try:
                mirror = isinstance(source, CameraSource)
                run = run_coach(source, estimator, runner, screen, log, audio, mirror)
            finally:
                screen.close()
    finally:
        if audio is not None:
            audio.close()
    print(
        f"session ended ({run.reason}) after {run.frames} frames at {run.fps:.1f} fps: "
        f"{log.holds_counted} holds counted; log: {log_path}" + (f"; video: {out}" if out else "")
    )


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
        snapshot=(DEMO_SNAPSHOT_FRAME, args.out / "demo_frame.png"),
    )
    print(f"  snapshot of the screen mid-hold: {args.out / 'demo_frame.png'}")

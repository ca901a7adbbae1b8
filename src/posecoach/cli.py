"""The `posecoach` command line. The only place where errors become messages and exit codes."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from contextlib import nullcontext
from pathlib import Path

import cv2
import numpy as np

from posecoach import __version__
from posecoach.analysis import analysis_document, analyze, coverage
from posecoach.coach import run_coach
from posecoach.cues import AudioOut
from posecoach.display import KEY_HELP, HeadlessDisplay, WindowDisplay, display_available
from posecoach.drawing import SkeletonOverlay
from posecoach.errors import PosecoachError, SourceError
from posecoach.estimator import DEFAULT_MAX_PEOPLE, PoseEstimator
from posecoach.model_store import DEFAULT_MODEL, install_model, load_manifest, models_dir, resolve_model
from posecoach.progress import Progress
from posecoach.routine import Exercise, Routine, default_routine_path, load_routine, routine_files
from posecoach.routine_runner import RoutineRunner
from posecoach.session import Event, ExerciseSession
from posecoach.session_log import SessionLog
from posecoach.sources import CameraSource, open_source
from posecoach.video_sink import VideoSink

# The bundled sample the demo coaches: a rendered wall lean, held to the release (see samples/README.md).
DEMO_CLIP = Path(__file__).resolve().parents[2] / "samples" / "wall_lean_right.mp4"
DEMO_EXERCISE = "wall_lean"
# The demo's snapshot: 15 s into the 15 fps clip, the middle of the hold.
DEMO_SNAPSHOT_FRAME = 225
EXIT_USER_ERROR = 2
EXIT_INTERRUPTED = 130
DISCLAIMER = "posecoach is a training aid, not a substitute for a physiotherapist or doctor."


def _add_model_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--model",
        type=Path,
        metavar="PATH",
        help="a Pose Landmarker .task file to use instead of the installed one "
        "(e.g. MediaPipe's official lite, full or heavy bundle)",
    )


def _add_source_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("video", type=Path, nargs="?", metavar="VIDEO", help="video file or folder of images")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--camera", type=int, metavar="N", help="read webcam N instead (stop with Ctrl-C)")
    group.add_argument(
        "--live",
        type=Path,
        metavar="VIDEO",
        help="replay VIDEO in real time as if it were a webcam (frames a slow machine misses are dropped)",
    )


def _source_spec(parser: argparse.ArgumentParser, args: argparse.Namespace, required: bool = True) -> dict:
    """The one source given (VIDEO, --camera N or --live VIDEO); empty if none and not `required`."""
    given = {
        k: v
        for k, v in (("video", args.video), ("camera", args.camera), ("live", args.live))
        if v is not None
    }
    if len(given) > 1 or (required and not given):
        parser.error("give one of VIDEO, --camera N or --live VIDEO")
    return given


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="posecoach",
        description="On-device webcam coach for stretching routines. " + DISCLAIMER,
    )
    parser.add_argument("--version", action="version", version=f"posecoach {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    analyze_parser = commands.add_parser(
        "analyze",
        help="find the coached person's pose in every frame of a video",
        description="Find the coached person's pose in every frame of a video file or image folder "
        "and write it as JSON (layout in README.md).",
    )
    _add_source_options(analyze_parser)
    analyze_parser.add_argument("--json", type=Path, metavar="OUT", help="write the analysis here")
    analyze_parser.add_argument(
        "--annotated", type=Path, metavar="OUT.mp4", help="write the video with the skeleton drawn here"
    )
    analyze_parser.add_argument(
        "--max-people",
        type=int,
        default=DEFAULT_MAX_PEOPLE,
        metavar="N",
        help="people to look for in each frame before choosing the coached one "
        f"(default {DEFAULT_MAX_PEOPLE})",
    )
    analyze_parser.add_argument(
        "--exercise",
        metavar="ID",
        help="judge every frame against this exercise (see `posecoach routines list`)",
    )
    analyze_parser.add_argument(
        "--routine",
        type=Path,
        metavar="FILE",
        help="the routine file holding the exercise (default routines/upper_back.toml)",
    )
    _add_model_option(analyze_parser)

    coach_parser = commands.add_parser(
        "coach",
        help="coach a routine in a window, with tones and spoken hints",
        description="Coach a routine exercise after exercise in a window, from a webcam (default: "
        f"camera 0), a video, or a paced replay. Keys: {KEY_HELP}. The session is logged as JSON Lines.",
    )
    _add_source_options(coach_parser)
    coach_parser.add_argument(
        "--routine", type=Path, metavar="FILE", help="routine file (default routines/upper_back.toml)"
    )
    coach_parser.add_argument("--exercise", metavar="ID", help="coach only this exercise of the routine")
    coach_parser.add_argument(
        "--headless", action="store_true", help="no window (for machines without a display); see --out"
    )
    coach_parser.add_argument(
        "--out", type=Path, metavar="OUT.mp4", help="with --headless: write what the window would show here"
    )
    coach_parser.add_argument(
        "--log", type=Path, metavar="FILE", help="session log, JSON Lines (default out/session-<time>.jsonl)"
    )
    coach_parser.add_argument("--mute", action="store_true", help="no tones and no voice")
    coach_parser.add_argument("--no-voice", action="store_true", help="tones only, no spoken hints")
    _add_model_option(coach_parser)

    demo_parser = commands.add_parser(
        "demo",
        help="install the model if needed and coach the bundled wall-lean sample video",
        description="Install the pose model if needed, then coach the bundled sample video (a rendered "
        "wall lean) as if it came from a webcam: in a window where there is a display, otherwise headless, "
        "writing what the window would show. Writes the session log and a snapshot PNG of the screen.",
    )
    demo_parser.add_argument(
        "--out",
        type=Path,
        default=Path("out"),
        metavar="DIR",
        help="where to write the results (default out/)",
    )
    _add_model_option(demo_parser)

    models_parser = commands.add_parser("models", help="install or check the pose model")
    model_commands = models_parser.add_subparsers(dest="models_command", required=True, metavar="ACTION")
    install_parser = model_commands.add_parser(
        "install",
        help="put the pose model in models/, downloading or building it as needed",
        description="Keep a model whose sha256 matches models/manifest.toml; otherwise try MediaPipe's "
        "official download, then build the model offline from the mediapipe wheel on PyPI.",
    )
    install_parser.add_argument("--force", action="store_true", help="rebuild even if the model is present")
    install_parser.add_argument(
        "--offline", action="store_true", help="skip the official download and build from PyPI directly"
    )
    model_commands.add_parser("status", help="say whether the installed model matches the manifest")

    routines_parser = commands.add_parser("routines", help="list the routines or check a routine file")
    routine_commands = routines_parser.add_subparsers(
        dest="routines_command", required=True, metavar="ACTION"
    )
    routine_commands.add_parser("list", help="list the routines in routines/ and their exercises")
    validate_parser = routine_commands.add_parser(
        "validate", help="check a routine file; prints one line naming file, exercise and field if invalid"
    )
    validate_parser.add_argument("file", type=Path, metavar="FILE")
    return parser


def _run_analysis(
    source_spec: dict,
    model: Path | None,
    json_out: Path | None,
    annotated_out: Path | None,
    max_people: int = DEFAULT_MAX_PEOPLE,
    routine_exercise: tuple[Routine, Exercise] | None = None,
) -> dict:
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


def _routines(args: argparse.Namespace) -> None:
    if args.routines_command == "validate":
        routine = load_routine(args.file)
        print(f"{args.file}: valid routine {routine.id!r} with {len(routine.exercises)} exercises")
        return
    for path in routine_files():
        routine = load_routine(path)
        print(f"{routine.id} ({path}): {routine.name}")
        for exercise in routine.exercises:
            sides = f", sides {'/'.join(exercise.sides)}" if exercise.sides else ""
            if exercise.hold is not None:
                amount = f"hold {exercise.hold.target_s:g} s"
            else:
                amount = f"{exercise.rhythm.cycles} cycles" if exercise.rhythm else ""
            print(f"  {exercise.id:<18} {exercise.name} ({amount} x {exercise.reps}{sides})")


def _models(args: argparse.Namespace) -> None:
    entry = load_manifest()[DEFAULT_MODEL]
    if args.models_command == "install":
        install_model(entry, models_dir(), try_download=not args.offline, force=args.force)
    else:
        model = resolve_model()
        print(f"{model.path}: matches the manifest (sha256 {model.sha256[:12]}...)")


def _warn(message: str) -> None:
    print(f"posecoach: {message}", file=sys.stderr)


def _coach(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    given = _source_spec(parser, args, required=False)
    if args.out is not None and not args.headless:
        parser.error("--out goes with --headless (the window shows what --out would write)")
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
                "replay one as if it were a camera (posecoach coach --live samples/wall_lean_right.mp4)"
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


def _demo(args: argparse.Namespace) -> None:
    print(DISCLAIMER)
    if args.model is None:
        install_model(load_manifest()[DEFAULT_MODEL], models_dir())
    routine = load_routine(default_routine_path())
    headless = not display_available()
    if headless:
        print("no display here: the coach runs headless and writes what its window would show")
    _coach_session(
        {"live": DEMO_CLIP} if not headless else {"video": DEMO_CLIP},
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


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "analyze":
            source = _source_spec(parser, args)
            judged = None
            if args.exercise is not None:
                routine = load_routine(args.routine or default_routine_path())
                judged = (routine, routine.exercise(args.exercise))
            elif args.routine is not None:
                parser.error("--routine goes with --exercise ID")
            _run_analysis(source, args.model, args.json, args.annotated, args.max_people, judged)
        elif args.command == "coach":
            _coach(parser, args)
        elif args.command == "demo":
            _demo(args)
        elif args.command == "routines":
            _routines(args)
        else:
            _models(args)
    except PosecoachError as error:
        print(f"posecoach: error: {error}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("posecoach: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    return 0

"""The `posecoach` command line. The only place where errors become messages and exit codes.

The commands that need the pose model live in `posecoach.commands`, imported only when one of them
runs: `posecoach --help` and `posecoach routines list` then start without OpenCV and MediaPipe.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from types import FrameType, ModuleType

from posecoach.arguments import build_parser
from posecoach.capture.inputs import recordings
from posecoach.engine.routine_file import default_routine_path, load_routine, routine_files
from posecoach.errors import PosecoachError, Terminated
from posecoach.locations import history_path

EXIT_USER_ERROR = 2
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143  # 128 + SIGTERM, as shells report it


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


def _history_file(args: argparse.Namespace) -> Path | None:
    """The history database to record in: None with --no-history."""
    if getattr(args, "no_history", False):
        return None
    return args.history or history_path()


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


def _commands() -> ModuleType:
    """`posecoach.commands`, imported on first need: it loads OpenCV and MediaPipe (about 0.5 s), so
    usage errors and `routines` answer without it."""
    from posecoach import commands

    return commands


def _run(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    if args.command in ("coach", "demo", "analyze", "history", "export", "report"):
        args.history = _history_file(args)
    if args.command == "routines":
        _routines(args)
    elif args.command == "history":
        from posecoach.history.commands import show_history

        show_history(args.history, args.limit, args.plot)
    elif args.command == "report":
        from posecoach.history.commands import write_session_report

        write_session_report(args.history, args.session, args.out, args.open)
    elif args.command == "export":
        if args.csv is None and args.json is None:
            parser.error("give --csv DIR, --json FILE, or both")
        from posecoach.history.commands import export_history

        export_history(args.history, args.csv, args.json)
    elif args.command == "analyze":
        _analyze(parser, args)
    elif args.command == "coach":
        source = _source_spec(parser, args, required=False)
        if args.out is not None and not args.headless:
            parser.error("--out goes with --headless (the window shows what --out would write)")
        _commands().coach(source, args)
    elif args.command == "demo":
        _commands().demo(args)
    else:
        _commands().models(args)


def _analyze(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    given = args.video
    found = recordings(given)
    judged = None
    if args.exercise is not None:
        routine = load_routine(args.routine or default_routine_path())
        judged = (routine, routine.exercise(args.exercise))
    elif args.routine is not None:
        parser.error("--routine goes with --exercise ID")
    if len(given) > 1 or found != given:
        if args.camera is not None or args.live is not None:
            parser.error("--camera and --live replace VIDEO: give one or the other")
        from posecoach.batch import run_batch  # loads OpenCV and MediaPipe, as _commands() does

        outputs = (args.json, args.annotated)
        run_batch(found, args.model, *outputs, args.max_people, judged, args.jobs, history_file=args.history)
        return
    args.video = given[0] if given else None
    source = _source_spec(parser, args)
    _commands().run_analysis(
        source, args.model, args.json, args.annotated, args.max_people, judged, args.history
    )


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise Terminated()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    # SIGTERM (a service manager stopping it, `kill`) ends it as Ctrl-C does: what was done is written.
    in_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _terminate) if in_main_thread else None
    try:
        _run(parser, args)
    except PosecoachError as error:
        print(f"posecoach: error: {error}", file=sys.stderr)
        return EXIT_USER_ERROR
    except Terminated:
        print("posecoach: terminated (SIGTERM)", file=sys.stderr)
        return EXIT_TERMINATED
    except KeyboardInterrupt:
        print("posecoach: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    return 0

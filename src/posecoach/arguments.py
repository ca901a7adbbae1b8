"""The command line's grammar: every sub-command, its options, help texts and examples.

`posecoach.cli` parses with it and runs what was asked; this module only describes.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from posecoach import DISCLAIMER, __version__
from posecoach.locations import HISTORY_VARIABLE, history_path
from posecoach.pose.person import DEFAULT_MAX_PEOPLE
from posecoach.ui.keys import KEY_HELP

MAX_PEOPLE_LIMIT = 10


def _people_count(text: str) -> int:
    """--max-people: a whole number of people, at least the coached one."""
    if not text.isdigit() or not 1 <= int(text) <= MAX_PEOPLE_LIMIT:
        raise argparse.ArgumentTypeError(
            f"expected a whole number from 1 (the coached person alone) to {MAX_PEOPLE_LIMIT}, found {text!r}"
        )
    return int(text)


def _job_count(text: str) -> int:
    """--jobs: a whole number of processes, at least one."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of processes, 1 or more, found {text!r}")
    return int(text)


def _add_model_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--model",
        type=Path,
        metavar="PATH",
        help="a Pose Landmarker .task file to use instead of the installed one "
        "(e.g. MediaPipe's official lite, full or heavy bundle)",
    )


def _add_source_options(parser: argparse.ArgumentParser, many: bool = False) -> None:
    if many:
        parser.add_argument(
            "video",
            type=Path,
            nargs="*",
            metavar="VIDEO",
            help="video files, folders of videos (each one analysed), or a folder of images (one recording)",
        )
    else:
        parser.add_argument(
            "video", type=Path, nargs="?", metavar="VIDEO", help="video file or folder of images"
        )
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--camera", type=int, metavar="N", help="read webcam N instead (stop with Ctrl-C)")
    group.add_argument(
        "--live",
        type=Path,
        metavar="VIDEO",
        help="replay VIDEO in real time as if it were a webcam (frames a slow machine misses are dropped)",
    )


class _HelpFormatter(argparse.HelpFormatter):
    """Wraps descriptions as usual, and keeps the examples' lines as they are written."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if text.startswith(_EXAMPLES):
            return "".join(indent + line for line in text.splitlines(keepends=True))
        return super()._fill_text(text, width, indent)


_EXAMPLES = "examples:\n"


def _examples(*lines: str) -> str:
    return _EXAMPLES + "\n".join(f"  {line}" for line in lines)


def _command(
    subcommands: argparse._SubParsersAction, name: str, examples: tuple[str, ...], **options: Any
) -> argparse.ArgumentParser:
    """A sub-command whose --help ends with `examples`."""
    return subcommands.add_parser(
        name, formatter_class=_HelpFormatter, epilog=_examples(*examples), **options
    )


def _add_routine_option(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--routine",
        type=Path,
        metavar="FILE",
        help=f"{what} (default: the upper-back routine shipped with posecoach)",
    )


def _add_history_options(parser: argparse.ArgumentParser, what: str | None = None) -> None:
    """--history FILE; and --no-history for the commands that record `what` in it."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--history",
        type=Path,
        metavar="FILE",
        help=f"the history database{f' {what}' if what else ''} (default: ${HISTORY_VARIABLE}, "
        f"else {history_path()})",
    )
    if what is not None:
        group.add_argument("--no-history", action="store_true", help="record nothing in the history")


def _add_analyze(subcommands: argparse._SubParsersAction) -> None:
    analyze_parser = _command(
        subcommands,
        "analyze",
        examples=(
            "posecoach analyze recording.mp4 --json analysis.json",
            "posecoach analyze recording.mp4 --exercise wall_lean --json analysis.json --annotated seen.mp4",
            "posecoach analyze frames/ --exercise child_pose --routine my_routine.toml",
            "posecoach analyze sessions/*.mp4 --exercise wall_lean --json analyses/ --jobs 2",
        ),
        help="find the coached person's pose in every frame of a video",
        description="Find the coached person's pose in every frame of a video file or image folder "
        "and write it as JSON (layout in README.md). Given several recordings (or a folder of videos), "
        "analyse them side by side, one process each, and print one table; --json and --annotated then "
        "name folders, each recording's output named after it.",
    )
    _add_source_options(analyze_parser, many=True)
    analyze_parser.add_argument(
        "--json", type=Path, metavar="OUT", help="write the analysis here (several recordings: a folder)"
    )
    analyze_parser.add_argument(
        "--annotated",
        type=Path,
        metavar="OUT.mp4",
        help="write the video with the skeleton drawn here (several recordings: a folder)",
    )
    analyze_parser.add_argument(
        "--jobs",
        type=_job_count,
        default=os.cpu_count() or 1,
        metavar="N",
        help="recordings analysed at once, one process each (default: the number of cores, here "
        f"{os.cpu_count() or 1})",
    )
    analyze_parser.add_argument(
        "--max-people",
        type=_people_count,
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
    _add_routine_option(analyze_parser, "the routine file holding the exercise")
    _add_history_options(analyze_parser, "runs with --exercise are added to")
    _add_model_option(analyze_parser)


def _add_coach(subcommands: argparse._SubParsersAction) -> None:
    coach_parser = _command(
        subcommands,
        "coach",
        examples=(
            "posecoach coach                       # the whole routine, from camera 0",
            "posecoach coach --camera 1 --exercise wall_lean",
            "posecoach coach --live recording.mp4  # a recording replayed as if it were a camera",
            "posecoach coach recording.mp4 --headless --out screen.mp4 --mute",
        ),
        help="coach a routine in a window, with tones and spoken hints",
        description="Coach a routine exercise after exercise in a window, from a webcam (default: "
        f"camera 0), a video, or a paced replay. Keys: {KEY_HELP}. The session is logged as JSON Lines.",
    )
    _add_source_options(coach_parser)
    _add_routine_option(coach_parser, "routine file")
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
    coach_parser.add_argument(
        "--save-frames",
        action="store_true",
        help="keep each hold's best frame (small, with the skeleton) beside the log, for the report; "
        "off by default: no picture of you is kept otherwise",
    )
    _add_history_options(coach_parser, "the session is added to")
    _add_model_option(coach_parser)


def _add_demo(subcommands: argparse._SubParsersAction) -> None:
    demo_parser = _command(
        subcommands,
        "demo",
        examples=("posecoach demo", "posecoach demo --out results/"),
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
    _add_history_options(demo_parser, "the session is added to")
    _add_model_option(demo_parser)


def _add_models(subcommands: argparse._SubParsersAction) -> None:
    models_parser = _command(
        subcommands,
        "models",
        examples=("posecoach models install --offline", "posecoach models status"),
        help="install or check the pose model",
    )
    model_commands = models_parser.add_subparsers(dest="models_command", required=True, metavar="ACTION")
    install_parser = model_commands.add_parser(
        "install",
        help="put the pose model in place, downloading or building it as needed",
        description="Keep a model whose sha256 matches the manifest; otherwise try MediaPipe's "
        "official download, then build the model offline from the mediapipe wheel on PyPI.",
    )
    install_parser.add_argument("--force", action="store_true", help="rebuild even if the model is present")
    install_parser.add_argument(
        "--offline", action="store_true", help="skip the official download and build from PyPI directly"
    )
    model_commands.add_parser("status", help="say whether the installed model matches the manifest")


def _add_history(subcommands: argparse._SubParsersAction) -> None:
    history_parser = _command(
        subcommands,
        "history",
        examples=(
            "posecoach history",
            "posecoach history --limit 5",
            "posecoach history --plot progress.html",
        ),
        help="past sessions, and each exercise's progress and left/right difference",
        description="Print past coach sessions and judged analyses, then per exercise and side the trend "
        "of its key angle (first, last, best), and left against right. A change is called progress, or "
        "a difference an asymmetry, only beyond the angle's smallest detectable difference.",
    )
    history_parser.add_argument(
        "--limit", type=_job_count, metavar="N", help="show only the newest N sessions (trends use all)"
    )
    history_parser.add_argument(
        "--plot", type=Path, metavar="FILE.html", help="also write the trends as plots in an HTML page"
    )
    _add_history_options(history_parser)
    export_parser = _command(
        subcommands,
        "export",
        examples=("posecoach export --csv for_my_physio/", "posecoach export --json history.json"),
        help="write the history as CSV files or JSON",
        description="Write every session, hold and judged angle of the history as CSV files "
        "(sessions.csv, holds.csv, angles.csv) into a folder, and/or as one JSON document.",
    )
    export_parser.add_argument("--csv", type=Path, metavar="DIR", help="write the CSV files into DIR")
    export_parser.add_argument("--json", type=Path, metavar="FILE", help="write one JSON document")
    _add_history_options(export_parser)


def _add_report(subcommands: argparse._SubParsersAction) -> None:
    report_parser = _command(
        subcommands,
        "report",
        examples=(
            "posecoach report                      # the newest session",
            "posecoach report 3f2a9c1e --open      # a session by its id (see posecoach history)",
            "posecoach report out/session-20261201-090000.jsonl --out today.html",
        ),
        help="write a session's report: a self-contained HTML page with plots",
        description="Write one session's report as a single HTML file (no network needed to view it): "
        "what was done against the routine, each exercise's judged angles over time with the target "
        "band and the holds, the hints given and how long each stood, and left against right.",
    )
    report_parser.add_argument(
        "session",
        nargs="?",
        metavar="SESSION",
        help="a session id (or its first characters) from `posecoach history`, or a session log file "
        "(default: the newest session)",
    )
    report_parser.add_argument(
        "--out", type=Path, metavar="FILE.html", help="where to write it (default: beside the session log)"
    )
    report_parser.add_argument("--open", action="store_true", help="open it in the web browser")
    _add_history_options(report_parser)


def _add_routines(subcommands: argparse._SubParsersAction) -> None:
    routines_parser = _command(
        subcommands,
        "routines",
        examples=("posecoach routines list", "posecoach routines validate my_routine.toml"),
        help="list the routines or check a routine file",
    )
    routine_commands = routines_parser.add_subparsers(
        dest="routines_command", required=True, metavar="ACTION"
    )
    routine_commands.add_parser("list", help="list the routines shipped with posecoach and their exercises")
    validate_parser = routine_commands.add_parser(
        "validate", help="check a routine file; prints one line naming file, exercise and field if invalid"
    )
    validate_parser.add_argument("file", type=Path, metavar="FILE")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="posecoach",
        description="On-device webcam coach for stretching routines. " + DISCLAIMER,
        formatter_class=_HelpFormatter,
        epilog=_examples(
            "posecoach demo", "posecoach coach", "posecoach analyze recording.mp4 --json out.json"
        ),
    )
    parser.add_argument("--version", action="version", version=f"posecoach {__version__}")
    subcommands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    adders = (_add_analyze, _add_coach, _add_demo, _add_history, _add_models, _add_report, _add_routines)
    for add in adders:
        add(subcommands)
    return parser

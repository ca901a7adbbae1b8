"""Analysing many recordings at once: `posecoach analyze FILES_OR_FOLDERS... --jobs N`.

Each recording is analysed in a worker process with a model of its own, exactly as `posecoach analyze`
analyses one (the same JSON, byte for byte); the parent shows one progress line, then one table. A
recording that cannot be read fails alone, its error in the table; the others go on. Stopped early
(Ctrl-C, SIGTERM), each worker writes what it analysed, marked interrupted, and the table shows what
was done.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from posecoach.capture.inputs import recording_name
from posecoach.commands import AnalysisOutcome, analyze_recording
from posecoach.engine.routine import Exercise, Routine
from posecoach.errors import OutputError, PosecoachError, SourceError
from posecoach.fileio import STDOUT, check_writable
from posecoach.history.store import History, open_history
from posecoach.pose.model_store import ModelFile, resolve_model
from posecoach.ui.progress import Progress


@dataclass(frozen=True)
class BatchTask:
    """One recording to analyse, and where its outputs go."""

    recording: Path
    model: ModelFile
    json_out: Path | None
    annotated_out: Path | None
    max_people: int
    routine_exercise: tuple[Routine, Exercise] | None


@dataclass(frozen=True)
class BatchRow:
    """What became of one recording: its outcome, the one-line error that stopped it, or neither: not
    analysed, the batch stopped before its turn."""

    task: BatchTask
    outcome: AnalysisOutcome | None = None
    error: str | None = None


def output_paths(
    recordings: Sequence[Path], folder: Path | None, suffix: str, what: str
) -> list[Path | None]:
    """Each recording's output in `folder` (made if missing), named after the recording.

    Raises:
        OutputError: `folder` is not a folder one can write in, or two recordings share a name.
    """
    if folder is None:
        return [None] * len(recordings)
    if folder == STDOUT:
        raise OutputError(f"several recordings make several {what} files: give a folder for them, not -")
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder} is a file: with several recordings, give a folder for the {what} files")
    names: dict[str, Path] = {}
    for recording in recordings:
        name = recording_name(recording)
        if name in names:
            raise OutputError(
                f"{names[name]} and {recording} would both write {folder / (name + suffix)}: "
                "analyse them in separate runs, or rename one"
            )
        names[name] = recording
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"cannot make the folder {folder} for the {what} files: {error.strerror}") from None
    paths = [folder / (recording_name(recording) + suffix) for recording in recordings]
    for path in paths:
        check_writable(path, what)
    return paths


def run_batch(
    recordings: Sequence[Path],
    model: Path | None,
    json_folder: Path | None,
    annotated_folder: Path | None,
    max_people: int,
    routine_exercise: tuple[Routine, Exercise] | None,
    jobs: int,
    out: TextIO | None = None,
    history_file: Path | None = None,
) -> None:
    """Analyse `recordings` on `jobs` processes; prints a progress line and the table. Judged runs are
    added to the history in `history_file`, if given, by this process alone as they come back.

    Raises:
        SourceError: some recordings could not be analysed (after the others were, and the table shown).
        KeyboardInterrupt: stopped early, after what was analysed is written and shown.
    """
    out = out or sys.stdout
    model_file = resolve_model(model)
    json_paths = output_paths(recordings, json_folder, ".json", "analysis")
    video_paths = output_paths(recordings, annotated_folder, ".mp4", "annotated video")
    tasks = [
        BatchTask(recording, model_file, json_out, video_out, max_people, routine_exercise)
        for recording, json_out, video_out in zip(recordings, json_paths, video_paths, strict=True)
    ]
    jobs = max(1, min(jobs, len(tasks)))
    start = time.monotonic()
    with open_history(history_file if routine_exercise else None) as history:
        rows, interrupt = _run_all(tasks, jobs, history)
    print_table(rows, out)
    failed = sum(row.error is not None for row in rows)
    skipped = sum(row.outcome is None and row.error is None for row in rows)
    print(
        f"{len(tasks)} recordings in {time.monotonic() - start:.1f} s on {jobs} processes: "
        f"{sum(row.outcome is not None for row in rows)} analysed, {failed} failed"
        f"{f', {skipped} not analysed (stopped early)' if interrupt else ''}",
        file=out,
    )
    if interrupt is not None:
        raise interrupt
    if failed:
        raise SourceError(f"{failed} of {len(tasks)} recordings could not be analysed (see the table above)")


def _run_all(
    tasks: list[BatchTask], jobs: int, history: History | None
) -> tuple[list[BatchRow], KeyboardInterrupt | None]:
    progress = Progress(
        f"analyzing {len(tasks)} recordings on {jobs} processes", len(tasks), unit="recordings"
    )
    done: dict[int, BatchRow] = {}
    interrupt = None
    # Spawned, not forked: a forked child would share MediaPipe's threads and its graph's state.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker) as pool:
        futures = {pool.submit(analyze_task, task): index for index, task in enumerate(tasks)}
        try:
            for future in as_completed(futures):
                done[futures[future]] = _row(future, tasks[futures[future]])
                _remember(done[futures[future]], history)
                progress.update(len(done))
        except KeyboardInterrupt as stop:  # Ctrl-C reached every process; SIGTERM only this one
            interrupt = stop
            for child in multiprocessing.active_children():
                with contextlib.suppress(ProcessLookupError):  # it may have ended meanwhile
                    os.kill(child.pid, signal.SIGINT)
            pool.shutdown(wait=True, cancel_futures=True)
            for future, index in futures.items():
                if index not in done:
                    done[index] = BatchRow(tasks[index]) if future.cancelled() else _row(future, tasks[index])
                    _remember(done[index], history)
    progress.close()
    return [done[index] for index in sorted(done)], interrupt


def _remember(row: BatchRow, history: History | None) -> None:
    if history is not None and row.outcome is not None and row.outcome.record is not None:
        history.save(row.outcome.record)


def _row(future: Future, task: BatchTask) -> BatchRow:
    try:
        return future.result()
    except BrokenProcessPool:
        return BatchRow(task, error="the process analysing it died (out of memory, or killed)")


# A worker's state: whether it is analysing (only then does an interrupt raise, and only the first one:
# Ctrl-C reaches it from the terminal and the parent passes it on too, and the second must not cut the
# writing short), and whether it was stopped (the recordings already queued for it are then skipped).
_analysing = False
_stopped = False


def _start_worker() -> None:
    if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:  # run with SIGINT ignored: so are we
        signal.signal(signal.SIGINT, _stop)


def _stop(signum: int, frame: object) -> None:
    global _analysing, _stopped
    _stopped = True
    if _analysing:
        _analysing = False
        raise KeyboardInterrupt


def analyze_task(task: BatchTask) -> BatchRow:
    """A worker's job: one recording, analysed as a single `posecoach analyze` would."""
    global _analysing
    if _stopped:
        return BatchRow(task)
    _analysing = True
    try:
        outcome, _ = analyze_recording(
            {"video": task.recording},
            task.model,
            task.json_out,
            task.annotated_out,
            task.max_people,
            task.routine_exercise,
            progress=False,
        )
    except PosecoachError as error:
        return BatchRow(task, error=str(error))
    except KeyboardInterrupt:  # stopped while opening the source or the model: nothing was written
        return BatchRow(task)
    finally:
        _analysing = False
    return BatchRow(task, outcome)


def print_table(rows: Sequence[BatchRow], out: TextIO) -> None:
    """One line per recording: frames, the share with anyone and with the coached person, holds, the
    analysis written; or its error. Warnings follow their recording's line."""
    judged = any(row.task.routine_exercise is not None for row in rows)
    width = max([len("recording"), *(len(str(row.task.recording)) for row in rows)])
    holds = f"  {'holds':>8}" if judged else ""
    print(f"{'recording':<{width}}  {'frames':>6}  {'person':>6}  {'coached':>7}{holds}  analysis", file=out)
    for row in rows:
        name = f"{row.task.recording!s:<{width}}"
        if row.outcome is None:
            print(
                f"{name}  {f'error: {row.error}' if row.error else 'not analysed (stopped early)'}", file=out
            )
            continue
        coverage, frames = row.outcome.coverage, row.outcome.coverage.frames
        shares = "  ".join(
            f"{100 * count / max(coverage.frames, 1):>{size - 1}.1f}%"
            for count, size in ((coverage.anyone, 6), (coverage.coached, 7))
        )
        hold_text = f"  {f'{row.outcome.counted} of {len(row.outcome.holds)}':>8}" if judged else ""
        stopped = " (stopped early)" if row.outcome.interrupted else ""
        print(f"{name}  {frames:>6}  {shares}{hold_text}  {row.task.json_out or '-'}{stopped}", file=out)
        for warning in row.outcome.warnings():
            print(f"  warning: {warning}", file=out)

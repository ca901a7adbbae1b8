"""The package's layers, read from its imports (ast), so that a forbidden import fails a test; and
its sizes: no module over MAX_MODULE_LINES lines, no function over MAX_FUNCTION_LINES.

From the bottom: the base (`posecoach` itself, `errors`, `locations`, `fileio`, `closing`); `capture/`
(frames in, video out); `pose/` (MediaPipe to a frozen Pose); `body/` (angles, posture, smoothing);
`engine/` (routines, checker, session, runner); `ui/`, `reports/` and `history/`, side by side; and the
wiring on top (`cli`, `arguments`, `commands`, and the coach and analyze loops). A module imports only
from its own layer and below.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import posecoach

PACKAGE = Path(posecoach.__file__).parent
BASE = {"posecoach", "posecoach.errors", "posecoach.locations", "posecoach.fileio", "posecoach.closing"}
LAYERS = {"capture": 1, "pose": 2, "body": 3, "engine": 4, "ui": 5, "reports": 5, "history": 5}
WIRING = 6
# Layers that must stay free of OpenCV and MediaPipe: geometry and decisions, testable on landmarks.
PURE = ("body", "engine")
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 50


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _sources() -> dict[str, str]:
    return {_module_name(path): path.read_text() for path in sorted(PACKAGE.rglob("*.py"))}


def _imports(source: str, known: set[str]) -> set[str]:
    """The modules `source` imports, with `from package import module` resolved to the module."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            submodules = {f"{node.module}.{alias.name}" for alias in node.names} & known
            found.update(submodules or {node.module})
    return found


def _group(module: str) -> str:
    """The sub-package (or top-level module) of posecoach that `module` belongs to."""
    return module.split(".")[1] if "." in module else ""


def _layer(module: str) -> int:
    return 0 if module in BASE else LAYERS.get(_group(module), WIRING)


def layer_violations(sources: dict[str, str]) -> list[str]:
    """Every import in `sources` (module name -> source) that breaks the layering, as sentences."""
    known, problems = set(sources), []
    for module, source in sources.items():
        for imported in sorted(_imports(source, known)):
            top = imported.split(".")[0]
            if top == "mediapipe" and _group(module) != "pose":
                problems.append(f"{module} imports mediapipe: only pose/ may")
            if top in ("cv2", "mediapipe") and _group(module) in PURE:
                problems.append(f"{module} imports {top}: {_group(module)}/ stays free of it")
            if top != "posecoach":
                continue
            if _layer(imported) > _layer(module):
                problems.append(f"{module} imports {imported}, a layer above it")
            elif {_group(module), _group(imported)} == {"ui", "reports"}:
                problems.append(f"{module} imports {imported}: ui/ and reports/ only read the engine")
    return problems


def test_the_package_keeps_its_layers():
    assert layer_violations(_sources()) == []


@pytest.mark.parametrize(
    ("module", "line"),
    [
        ("posecoach.body.angles", "import cv2"),
        ("posecoach.engine.checker", "from mediapipe.tasks.python import vision"),
        ("posecoach.ui.drawing", "import mediapipe as mp"),
        ("posecoach.engine.session", "from posecoach.ui.screen import GREEN"),
        ("posecoach.capture.sources", "from posecoach.pose import estimator"),
        ("posecoach.ui.cues", "from posecoach.reports.session_log import SessionLog"),
        ("posecoach.errors", "from posecoach.engine import routine"),
    ],
)
def test_a_forbidden_import_is_caught(module: str, line: str):
    sources = _sources()
    sources[module] = f"{line}\n{sources[module]}"
    assert any(problem.startswith(module) for problem in layer_violations(sources))


def size_violations(sources: dict[str, str]) -> list[str]:
    """Every module and function in `sources` longer than the limits, as sentences."""
    problems = []
    for module, source in sources.items():
        lines = len(source.splitlines())
        if lines > MAX_MODULE_LINES:
            problems.append(f"{module} has {lines} lines (at most {MAX_MODULE_LINES})")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    problems.append(f"{module}.{node.name} has {length} lines (at most {MAX_FUNCTION_LINES})")
    return problems


def test_no_module_or_function_is_too_long():
    assert size_violations(_sources()) == []


def test_the_tools_and_benchmarks_keep_the_same_limits():
    root = Path(__file__).resolve().parents[1]
    sources = {
        str(path.relative_to(root)): path.read_text()
        for folder in ("tools", "benchmarks")
        for path in sorted((root / folder).rglob("*.py"))
    }
    assert sources and size_violations(sources) == []


def test_a_long_function_and_a_long_module_are_caught():
    sources = _sources()
    body = "".join(f"    x{i} = {i}\n" for i in range(MAX_FUNCTION_LINES))
    sources["posecoach.errors"] += f"\n\ndef too_long():\n{body}"
    sources["posecoach.fileio"] += "\n" * MAX_MODULE_LINES
    problems = size_violations(sources)
    assert any(p.startswith("posecoach.errors.too_long has 51 lines") for p in problems)
    assert any(p.startswith("posecoach.fileio has") for p in problems)

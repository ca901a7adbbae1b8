"""Files taken out of wheels on PyPI: the pose networks and the demo footage both come this way."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from posecoach.errors import PosecoachError
from posecoach.fileio import write_atomically
from posecoach.locations import cache_dir


def download_wheel(requirement: str, platform: str | None = None) -> Path:
    """Fetch the wheel of `requirement` (e.g. "mediapipe==0.10.21") into the cache, once.

    Args:
        requirement: a pinned requirement, so that the cached wheel never goes stale.
        platform: a wheel platform tag to fetch for instead of this machine's, so that every machine
            gets the same bytes.

    Raises:
        PosecoachError: pip could not fetch the wheel.
    """
    name, _, version = requirement.partition("==")
    wheels = cache_dir() / "wheels"
    pattern = f"{name.replace('-', '_')}-{version}-*.whl"
    cached = sorted(wheels.glob(pattern))
    if cached:
        return cached[0]
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", str(wheels)]
    if platform:
        command += ["--only-binary=:all:", "--platform", platform, "--python-version", "3.11"]
    result = subprocess.run([*command, requirement], capture_output=True, text=True, check=False)
    cached = sorted(wheels.glob(pattern))
    if result.returncode != 0 or not cached:
        reason = (result.stderr.strip().splitlines() or ["no wheel arrived"])[-1]
        raise PosecoachError(f"could not download {requirement} from PyPI: {reason}")
    return cached[0]


def extract_from_wheel(requirement: str, member: str, destination: Path) -> Path:
    """Copy one file out of the wheel of `requirement` to `destination`, unless it is there already.

    Raises:
        PosecoachError: the wheel cannot be fetched or lacks `member`.
    """
    if destination.exists():
        return destination
    wheel = download_wheel(requirement)
    try:
        with zipfile.ZipFile(wheel) as archive:
            data = archive.read(member)
    except (zipfile.BadZipFile, KeyError) as error:
        raise PosecoachError(f"{wheel} does not hold {member} ({error})") from None
    return write_atomically(destination, data, "download")

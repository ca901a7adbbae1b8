"""Render sample clips of a MakeHuman-based body (anny) with exactly known joint angles.

Each clip is a timeline of key poses (per-bone rotations, linearly interpolated), rendered offscreen
with pyrender over a mildly textured room, and written as an .mp4 with a sidecar .json holding the
ground-truth angles of every frame. The ground truth is measured with posecoach's own angle library on
anny's exact 3D COCO keypoints, so the coach and its ground truth share one implementation.

Set-up and run: `make samples` (installs the optional extra "samples", pyrender without its PyOpenGL
pin, and Debian's libosmesa6, then renders every clip into samples/), or for some clips:
    PYOPENGL_PLATFORM=osmesa .venv/bin/python -m tools.render_samples [CLIP ...] [--out DIR]
Rendering is deterministic: the same clip comes out byte for byte the same.

Facts found by experiment: anny is Z up, faces -Y, its left side at +X; with its default pose
parameterization a bone's rotation vector is in world-aligned axes: x pitches (forward and back),
y rolls sideways, z turns about the vertical (positive: to the body's left). 15/30/45 deg on spine05
turn the COCO shoulder line by 12/24/37 deg against the hips: the ground truth is always measured. The first
`anny.Anny()` builds a cache for about 2 minutes; later ones take under a second.

The package, one module a job: `timeline` (key poses, bodies, clips and their timing), `poses` (the
exercises' poses and their faults, as bone rotations), `clips` (the catalogue), `scene` (anny posed and
rendered, the camera and the room), `ground_truth` (exact keypoints to angles and the expected
verdict), and `__main__` (rendering a clip and its sidecar, the command line).
"""

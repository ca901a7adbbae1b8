"""anny's body posed and rendered offscreen over a textured room, and the camera that films it."""

from __future__ import annotations

import cv2
import numpy as np
from tools.render_samples.timeline import AVERAGE, DEFAULT_ROOM, Clip, Physique, Room

WIDTH, HEIGHT = 640, 480
FIELD_OF_VIEW_DEG = 50  # vertical


class Renderer:
    """anny's body posed and rendered offscreen, with its exact keypoints."""

    def __init__(self) -> None:
        import anny
        import pyrender
        import roma
        import torch

        self._torch, self._roma, self._pyrender = torch, roma, pyrender
        self.model = anny.Anny()
        self.keypoints = anny.KeypointsRegressor.coco(self.model)
        self.faces = self.model.faces.numpy()
        self._renderer = pyrender.OffscreenRenderer(WIDTH, HEIGHT)

    def body(
        self, bones: dict[str, np.ndarray], physique: Physique = AVERAGE, shift_m: np.ndarray | None = None
    ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """Posed vertices and COCO keypoints, in anny's frame (metres, Z up, facing -Y)."""
        torch = self._torch
        pose = torch.eye(4).repeat(1, len(self.model.bone_labels), 1, 1)
        for name, rotvec in bones.items():
            pose[0, self.model.bone_labels.index(name), :3, :3] = self._roma.rotvec_to_rotmat(
                torch.tensor(rotvec, dtype=torch.float32)
            )
        phenotype = {k: torch.tensor([v]) for k, v in physique.phenotype.items()} or None
        with torch.no_grad():
            out = self.model(pose_parameters=pose, phenotype_kwargs=phenotype)
            points = self.keypoints(out)[0].numpy()
        shift = np.zeros(3) if shift_m is None else shift_m
        vertices = out["vertices"][0].numpy() + shift
        return vertices, dict(zip(self.keypoints.labels, points + shift, strict=True))

    def render(
        self,
        vertices: np.ndarray,
        camera_pose: np.ndarray,
        background: np.ndarray,
        wall_y: float | None = None,
        skin_rgb: tuple[float, float, float] = AVERAGE.skin_rgb,
        room: Room = DEFAULT_ROOM,
    ) -> np.ndarray:
        import trimesh

        pyrender = self._pyrender
        scene = pyrender.Scene(bg_color=[0, 0, 0, 0], ambient_light=[0.35, 0.35, 0.35])
        skin = pyrender.MetallicRoughnessMaterial(baseColorFactor=[*skin_rgb, 1.0], roughnessFactor=0.8)
        scene.add(
            pyrender.Mesh.from_trimesh(trimesh.Trimesh(vertices, self.faces, process=False), material=skin)
        )
        floor = trimesh.creation.box(extents=[8, 8, 0.02])
        floor.apply_translation([0, 0, vertices[:, 2].min() - 0.011])
        wood = pyrender.MetallicRoughnessMaterial(baseColorFactor=[*room.floor_rgb, 1.0], roughnessFactor=0.9)
        scene.add(pyrender.Mesh.from_trimesh(floor, material=wood))
        if wall_y is not None:
            wall = trimesh.creation.box(extents=[3.0, 0.1, 3.0])
            wall.apply_translation([0, wall_y - 0.05, vertices[:, 2].min() + 1.5])
            paint = pyrender.MetallicRoughnessMaterial(
                baseColorFactor=[0.85, 0.85, 0.8, 1.0], roughnessFactor=1.0
            )
            scene.add(pyrender.Mesh.from_trimesh(wall, material=paint))
        camera = pyrender.PerspectiveCamera(yfov=np.radians(FIELD_OF_VIEW_DEG), aspectRatio=WIDTH / HEIGHT)
        scene.add(camera, pose=camera_pose)
        scene.add(pyrender.DirectionalLight(color=np.ones(3), intensity=2.5), pose=camera_pose)
        color, depth = self._renderer.render(scene)
        image = cv2.cvtColor(color, cv2.COLOR_RGB2BGR)
        return np.where(depth[..., None] > 0, image, background)


def camera_pose(clip: Clip) -> np.ndarray:
    """The camera's 4x4 pose in anny's frame (pyrender cameras look down their -z)."""
    azimuth = np.radians(clip.camera_azimuth_deg)
    # Azimuth 0 is in front of the body (-Y); 90 is at the body's left (+X).
    eye = np.array([np.sin(azimuth), -np.cos(azimuth), 0]) * clip.camera_distance_m
    eye[2] = clip.camera_height_m - 0.9  # anny's origin is about 0.9 m above its soles
    target = np.array([0.0, 0.0, eye[2]])
    back = (eye - target) / np.linalg.norm(eye - target)
    right = np.cross([0, 0, 1], back)
    right /= np.linalg.norm(right)
    up = np.cross(back, right)
    pose = np.eye(4)
    pose[:3, 0], pose[:3, 1], pose[:3, 2], pose[:3, 3] = right, up, back, eye
    return pose


def room_background(room: Room = DEFAULT_ROOM) -> np.ndarray:
    """A softly lit wall with a window and a picture: texture for the detector."""
    rng = np.random.default_rng(room.seed)
    y = np.linspace(0, 1, HEIGHT)[:, None, None]
    wall = np.array(room.wall_bgr) - 40 * y + rng.normal(0, 4, (HEIGHT, WIDTH, 1))
    image = np.clip(np.broadcast_to(wall, (HEIGHT, WIDTH, 3)), 0, 255).astype(np.uint8).copy()
    cv2.rectangle(image, (40, 60), (170, 220), (225, 215, 190), -1)  # window
    cv2.rectangle(image, (40, 60), (170, 220), (120, 110, 100), 4)
    cv2.line(image, (105, 60), (105, 220), (120, 110, 100), 3)
    cv2.rectangle(image, (470, 90), (590, 170), (90, 120, 160), -1)  # picture
    cv2.rectangle(image, (470, 90), (590, 170), (60, 60, 60), 3)
    return image


def in_view(points: dict[str, np.ndarray], camera: np.ndarray) -> bool:
    """Whether every keypoint falls inside the picture of the camera at pose `camera`."""
    focal = HEIGHT / 2 / np.tan(np.radians(FIELD_OF_VIEW_DEG) / 2)
    for point in points.values():
        x, y, z = camera[:3, :3].T @ (point - camera[:3, 3])  # the camera looks down its -z
        if z >= 0 or not (
            0 <= WIDTH / 2 + focal * x / -z < WIDTH and 0 <= HEIGHT / 2 - focal * y / -z < HEIGHT
        ):
            return False
    return True

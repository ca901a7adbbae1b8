"""Build the Pose Landmarker `.task` bundle offline from the tflite files in a MediaPipe wheel.

mediapipe 1.2 ships no model files, but the `mediapipe==0.10.21` wheel on PyPI carries the two
networks a Pose Landmarker needs. The detector already has TFLite metadata; the landmark network
lacks the image-input metadata the Tasks API requires, so we write it here with `flatbuffers` and the
schema modules mediapipe ships. Every step is deterministic, so the bundle is byte-reproducible and
can be checked against the sha256 in the manifest (`posecoach/data/models.toml`).
"""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import flatbuffers
import numpy as np
from mediapipe.tasks.metadata import metadata_schema_py_generated as metadata_fb
from mediapipe.tasks.metadata import schema_py_generated as schema_fb

from posecoach.errors import ModelError

# The wheel is pinned to one platform's build so that every machine starts from the same bytes.
MEDIAPIPE_WHEEL = "mediapipe==0.10.21"
WHEEL_PLATFORM = "manylinux_2_28_x86_64"
DETECTOR_IN_WHEEL = "mediapipe/modules/pose_detection/pose_detection.tflite"
LANDMARKER_IN_WHEEL = "mediapipe/modules/pose_landmark/pose_landmark_full.tflite"
DETECTOR_IN_BUNDLE = "pose_detector.tflite"
LANDMARKER_IN_BUNDLE = "pose_landmarks_detector.tflite"

_TFLITE_IDENTIFIER = b"TFL3"
_METADATA_IDENTIFIER = b"M001"
_METADATA_NAME = b"TFLITE_METADATA"
# The landmark network takes RGB in [0, 1]: MediaPipe's (pixel - mean) / std with mean 0, std 255.
_PIXEL_MEAN = 0.0
_PIXEL_STD = 255.0
# Names of the landmark network's five outputs, in the order of the model's output tensors.
_OUTPUT_NAMES = ("landmarks", "pose_flag", "segmentation", "heatmap", "world_landmarks")
# A fixed timestamp keeps the zip bytes identical from one build to the next.
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
# TFLite maps weights in place only when they are aligned; the wheel's files are not, which makes the
# runtime copy every tensor and print a warning. We align weight buffers and zip entries alike.
_WEIGHT_ALIGNMENT = 16
_ZIP_ENTRY_ALIGNMENT = 64
_ZIP_ALIGNMENT_EXTRA_ID = 0xD935  # the extra-field id Android's zipalign uses for padding


def read_wheel_models(wheel: Path) -> tuple[bytes, bytes]:
    """Read the pose detector and full landmark tflite files out of a mediapipe 0.10.x wheel.

    Raises:
        ModelError: the file is not a zip or lacks either network.
    """
    try:
        with zipfile.ZipFile(wheel) as archive:
            return archive.read(DETECTOR_IN_WHEEL), archive.read(LANDMARKER_IN_WHEEL)
    except (zipfile.BadZipFile, KeyError, OSError) as error:
        raise ModelError(f"{wheel} is not a mediapipe wheel with the pose models ({error})") from None


def _landmark_metadata() -> bytes:
    normalization = metadata_fb.NormalizationOptionsT()
    normalization.mean = [_PIXEL_MEAN]
    normalization.std = [_PIXEL_STD]
    process_unit = metadata_fb.ProcessUnitT()
    process_unit.optionsType = metadata_fb.ProcessUnitOptions.NormalizationOptions
    process_unit.options = normalization

    image_properties = metadata_fb.ImagePropertiesT()
    image_properties.colorSpace = metadata_fb.ColorSpaceType.RGB
    content = metadata_fb.ContentT()
    content.contentPropertiesType = metadata_fb.ContentProperties.ImageProperties
    content.contentProperties = image_properties

    stats = metadata_fb.StatsT()
    stats.min = [0.0]
    stats.max = [1.0]

    image_input = metadata_fb.TensorMetadataT()
    image_input.name = "image"
    image_input.description = "RGB image of one person, values in [0, 1]"
    image_input.content = content
    image_input.processUnits = [process_unit]
    image_input.stats = stats

    outputs = []
    for name in _OUTPUT_NAMES:
        tensor = metadata_fb.TensorMetadataT()
        tensor.name = name
        outputs.append(tensor)

    subgraph = metadata_fb.SubGraphMetadataT()
    subgraph.inputTensorMetadata = [image_input]
    subgraph.outputTensorMetadata = outputs

    model = metadata_fb.ModelMetadataT()
    model.name = "Pose landmarks detector (full)"
    model.description = "BlazePose GHUM 3D full landmark network from mediapipe 0.10.21"
    model.subgraphMetadata = [subgraph]
    model.minParserVersion = "1.0.0"

    builder = flatbuffers.Builder(1024)
    builder.Finish(model.Pack(builder), file_identifier=_METADATA_IDENTIFIER)
    return bytes(builder.Output())


class _AlignedBuilder(flatbuffers.Builder):
    """A flatbuffers builder that starts every byte vector (the weight buffers) on an aligned offset."""

    def CreateNumpyVector(self, x):  # flatbuffers names its methods in CamelCase
        if x.dtype.itemsize == 1:
            self.Prep(_WEIGHT_ALIGNMENT, x.nbytes)
        return super().CreateNumpyVector(x)


def _load_tflite(tflite: bytes, what: str) -> schema_fb.ModelT:
    if tflite[4:8] != _TFLITE_IDENTIFIER:
        raise ModelError(f"the {what} is not a TFLite flatbuffer")
    return schema_fb.ModelT.InitFromObj(schema_fb.Model.GetRootAsModel(tflite, 0))


def _pack_tflite(model: schema_fb.ModelT, size_hint: int) -> bytes:
    builder = _AlignedBuilder(size_hint)
    builder.Finish(model.Pack(builder), file_identifier=_TFLITE_IDENTIFIER)
    return bytes(builder.Output())


def align_weights(tflite: bytes) -> bytes:
    """Return the same network with every weight buffer aligned for zero-copy loading.

    Raises:
        ModelError: the bytes are not a TFLite model.
    """
    return _pack_tflite(_load_tflite(tflite, "detector"), len(tflite) + 4096)


def add_image_metadata(tflite: bytes) -> bytes:
    """Return the landmark network with TFLite image-input metadata (RGB, mean 0, std 255) added.

    Raises:
        ModelError: the bytes are not a TFLite model.
    """
    model = _load_tflite(tflite, "landmark network")
    model.metadata = [entry for entry in model.metadata or [] if entry.name != _METADATA_NAME]

    buffer = schema_fb.BufferT()
    buffer.data = np.frombuffer(_landmark_metadata(), dtype=np.uint8)
    model.buffers.append(buffer)
    entry = schema_fb.MetadataT()
    entry.name = _METADATA_NAME.decode()
    entry.buffer = len(model.buffers) - 1
    model.metadata.append(entry)
    return _pack_tflite(model, len(tflite) + 4096)


def _aligned_entry(name: str, header_offset: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
    info.external_attr = 0o644 << 16
    local_header_size = 30 + len(name.encode())
    padding = -(header_offset + local_header_size + 4) % _ZIP_ENTRY_ALIGNMENT
    info.extra = struct.pack("<HH", _ZIP_ALIGNMENT_EXTRA_ID, padding) + bytes(padding)
    return info


def build_task_bundle(detector: bytes, landmarker: bytes) -> bytes:
    """Zip the detector and the landmark network (with metadata) into a Pose Landmarker `.task`."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_STORED) as bundle:
        for name, data in (
            (DETECTOR_IN_BUNDLE, align_weights(detector)),
            (LANDMARKER_IN_BUNDLE, add_image_metadata(landmarker)),
        ):
            bundle.writestr(_aligned_entry(name, output.tell()), data)
    return output.getvalue()

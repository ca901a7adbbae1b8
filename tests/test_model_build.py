"""The offline model build: reproducible, matching the manifest, with the metadata MediaPipe needs."""

from __future__ import annotations

import zipfile

import pytest
from mediapipe.tasks.metadata import metadata_schema_py_generated as metadata_fb
from mediapipe.tasks.metadata import schema_py_generated as schema_fb

from posecoach.errors import ModelError
from posecoach.fileio import sha256_of
from posecoach.pose import model_build
from posecoach.pose.model_store import DEFAULT_MODEL, ModelFile, load_manifest
from posecoach.pose.pypi import download_wheel


@pytest.fixture(scope="module")
def wheel_networks() -> tuple[bytes, bytes]:
    return model_build.read_wheel_models(
        download_wheel(model_build.MEDIAPIPE_WHEEL, platform=model_build.WHEEL_PLATFORM)
    )


def test_build_is_byte_reproducible_and_matches_the_manifest(wheel_networks, model: ModelFile):
    first = model_build.build_task_bundle(*wheel_networks)
    second = model_build.build_task_bundle(*wheel_networks)
    entry = load_manifest()[DEFAULT_MODEL]
    assert first == second
    assert len(first) == entry.size
    assert sha256_of(model.path) == entry.sha256


def _tflite_metadata(tflite: bytes) -> metadata_fb.ModelMetadataT:
    model = schema_fb.Model.GetRootAsModel(tflite, 0)
    for i in range(model.MetadataLength()):
        if model.Metadata(i).Name() == b"TFLITE_METADATA":
            data = model.Buffers(model.Metadata(i).Buffer()).DataAsNumpy().tobytes()
            assert data[4:8] == b"M001"
            return metadata_fb.ModelMetadataT.InitFromObj(
                metadata_fb.ModelMetadata.GetRootAsModelMetadata(data, 0)
            )
    raise AssertionError("no TFLITE_METADATA")


def test_landmark_network_gets_rgb_input_normalized_to_unit_range(model: ModelFile):
    with zipfile.ZipFile(model.path) as bundle:
        landmarker = bundle.read(model_build.LANDMARKER_IN_BUNDLE)
    image_input = _tflite_metadata(landmarker).subgraphMetadata[0].inputTensorMetadata[0]
    assert image_input.content.contentProperties.colorSpace == metadata_fb.ColorSpaceType.RGB
    normalization = image_input.processUnits[0].options
    assert list(normalization.mean) == [0.0]
    assert list(normalization.std) == [255.0]


def test_bundle_entries_and_weights_are_aligned_for_zero_copy_loading(model: ModelFile):
    with zipfile.ZipFile(model.path) as bundle:
        for info in bundle.infolist():
            data_offset = info.header_offset + 30 + len(info.filename) + len(info.extra)
            assert data_offset % 64 == 0, info.filename
            tflite = schema_fb.Model.GetRootAsModel(bundle.read(info), 0)
            for i in range(tflite.BuffersLength()):
                buffer = tflite.Buffers(i)
                if buffer.DataLength() > 0:
                    # The generated code has no accessor for where a vector starts; field 4 is `data`.
                    start = buffer._tab.Vector(buffer._tab.Offset(4))
                    assert start % 16 == 0, (info.filename, i)


def test_a_file_that_is_not_a_wheel_is_refused(tmp_path):
    fake = tmp_path / "mediapipe.whl"
    fake.write_bytes(b"not a zip")
    with pytest.raises(ModelError, match="is not a mediapipe wheel"):
        model_build.read_wheel_models(fake)

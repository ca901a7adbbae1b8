"""The native-log filter: which families of lines are held back, and that everything else passes."""

from __future__ import annotations

import os

import pytest

from posecoach.capture.native_logs import FFMPEG_LINE, NATIVE_INFO_LINE, filtered_native_stderr

# Lines the native libraries under mediapipe print on a normal start, as seen with mediapipe 1.2.3
# (LiteRT) and with the 0.10 and early 1.2 releases (TFLite, glog).
NATIVE_CHATTER = [
    "INFO: [environment.cc:36] Creating LiteRT environment with options",
    "INFO: [accelerator_registry.cc:54] RegisterAccelerator: ptr=0x7f19c8005380, name=CpuAccelerator",
    "INFO: [cpu_registry.cc:75] XNNPACK CPU accelerator registered.",
    "INFO: [compiled_model.cc:1022] Flatbuffer model initialized directly from incoming litert model.",
    "WARNING: [model_load.cc:402] Sparsity tensors may not yet be fully supported.",
    "INFO: [accelerator_registry.cc:43] DestroyAccelerator: ptr=0x7f19c8005380, name=CpuAccelerator",
    "W0000 00:00:1796118484.705782    2831 inference_runner_litert.cc:1433] Input tensor memory is not "
    "aligned according to LiteRt's memory alignment requirements. Reallocating memory and copying data.",
    "W0000 00:00:1796118681.495135    3672 landmark_projection_calculator.cc:81] Using NORM_RECT without "
    "IMAGE_DIMENSIONS is only supported for the square ROI. "
    "Provide IMAGE_DIMENSIONS or use PROJECTION_MATRIX.",
    "INFO: Created TensorFlow Lite XNNPACK delegate for CPU.",
    "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR",
    "I0000 00:00:1733050000.123456   12345 gl_context.cc:357] GL version: 3.2 (OpenGL ES 3.2 Mesa 22.3.6)",
    "W1201 09:45:13.123456  4242 feedback_tensors_calculator.cc:34] Feedback manager requires a model "
    "with a single signature inference. Disabling support for feedback tensors.",
]
# Lines that must always reach the user: native errors, and anything that is not a native log line.
KEPT = [
    "ERROR: [model_load.cc:88] Failed to load model",
    "E0000 00:00:1796118484.705782    2831 calculator_graph.cc:928] INTERNAL: graph failed",
    "F1201 09:45:13.123456  4242 tflite_model_loader.cc:38] Check failed: model != nullptr",
    "posecoach: error: no such file: x.mp4",
    "analyzing demo.mp4: 44/436 frames ( 10%), 49.6 fps, 8 s left",
    "INFO about the video: nothing native",
]


@pytest.mark.parametrize("line", NATIVE_CHATTER)
def test_native_info_and_warning_lines_are_recognised(line: str):
    assert NATIVE_INFO_LINE.search(line)


@pytest.mark.parametrize("line", KEPT)
def test_errors_and_our_own_lines_are_not(line: str):
    assert not NATIVE_INFO_LINE.search(line) and not FFMPEG_LINE.search(line)


def test_ffmpeg_demuxer_lines_are_recognised():
    assert FFMPEG_LINE.search("[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55d0c4a3c2c0] moov atom not found")


def test_the_filter_holds_back_chatter_written_to_descriptor_2_and_passes_the_rest(capfd):
    with filtered_native_stderr(NATIVE_INFO_LINE):
        for line in [*NATIVE_CHATTER, *KEPT]:
            os.write(2, (line + "\n").encode())  # as C code writes: past Python's sys.stderr
    assert capfd.readouterr().err.splitlines() == KEPT

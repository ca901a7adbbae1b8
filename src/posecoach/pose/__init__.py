"""From pixels to a frozen `Pose`: the MediaPipe estimator (the only importer of mediapipe), landmarks,
choosing the coached person, and the model's store and offline build.
"""

import sys

from posecoach.cli import main

# Guarded: batch analysis spawns worker processes, which import the main module again.
if __name__ == "__main__":
    sys.exit(main())

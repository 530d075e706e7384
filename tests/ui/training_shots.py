"""Screenshots of Training › Accreditation log… on the demo vault (a script, not a test).

    xvfb-run -a -s "-screen 0 1280x720x24" .venv/bin/python -m tests.ui.training_shots [OUT]
"""

from __future__ import annotations

import sys
from pathlib import Path

from tests.ui.shots import Studio, run_isolated


def shoot(root: Path, out: Path) -> int:
    from vigdesk.ui.training.progress_dialog import TrainingFeature

    studio = Studio(root, out)
    window = studio.main_window(studio.open_demo(), demo=True, size=(1280, 720))
    feature = window.findChild(TrainingFeature)
    assert feature is not None
    dialog = feature.open()
    studio.settle(lambda: dialog.snapshot is not None)
    studio.save(dialog, "training-log")
    dialog.learning.setPlainText("Marigold waited well")  # not a demo name: accepted
    return 0


if __name__ == "__main__":
    sys.exit(run_isolated(sys.argv, "shots/training", shoot))

"""Run every benchmark in turn; each prints its ratios against same-run baselines.

python tests/bench/run_all.py
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
BENCHES = [
    "bench_seal.py",
    "bench_import.py",
    "bench_clip.py",
    "bench_watermark.py",
    "bench_redact.py",
    "bench_playback.py",
    "bench_case_list.py",
    "bench_markers.py",
    "bench_marker_playback.py",
    "bench_retention.py",
    "bench_letters.py",
]


def main() -> int:
    failed = 0
    for name in BENCHES:
        path = HERE / name
        if not path.exists():
            continue
        print(f"\n== {name}", flush=True)
        failed += subprocess.run([sys.executable, str(path)], check=False).returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

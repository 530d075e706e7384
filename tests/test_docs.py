"""The docs in the repository point at files that exist, and the README points at them."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ("docs/architecture.md", "docs/contributing.md")
# A path in backticks with at least one folder, e.g. `sync/epochs.py` or `tests/bench/run_all.py`.
PATH = re.compile(r"`((?:[\w.-]+/)+[\w.-]+\.(?:py|sql|json|sh|md|txt|iss|spec))`")


def test_every_path_the_docs_name_exists() -> None:
    missing = []
    for doc in DOCS:
        for name in sorted(set(PATH.findall((ROOT / doc).read_text(encoding="utf-8")))):
            if "NNNN" in name:
                continue  # a pattern, not a file
            if not any((base / name).exists() for base in (ROOT, ROOT / "vigdesk")):
                missing.append(f"{doc}: {name}")
    assert missing == []


def test_the_readme_links_to_the_docs_not_outside_the_repository() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "../shared" not in readme
    for doc in DOCS:
        assert f"({doc})" in readme

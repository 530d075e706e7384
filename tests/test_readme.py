"""The README is executable: every `vigdesk` command it shows runs, as written.

Commands come from the README's ```sh blocks and its inline `vigdesk …` code. Each is
expanded the way a reader would: `a | b` alternatives after the command name,
`[optional]` parts once left out and once put in, `x|y` choices each in turn,
placeholders (CODE, MEDIA_ID…, DATE, "…") replaced by real values from a vault built
through the CLI itself. Headless commands must exit 0 (or their documented code); the
app's commands (`vigdesk`, `vigdesk demo`, `vigdesk view …`) are started offscreen and
must bring up a window (`$VIGDESK_READY_FILE`). A README edit that breaks a command, or
adds a placeholder nobody can fill, fails here.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import shlex
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.cli.test_entry_points import installed_vigdesk
from tests.conftest import CHILD, MOTHER, PASSPHRASE
from vigdesk.media.synth import make_video
from vigdesk.services.demo import DEMO_PASSPHRASE

README = Path(__file__).parents[1] / "README.md"
PACKAGE_PASSPHRASE = "a package passphrase for the supervisor"
WAIT_S = 90.0  # a failure deadline only; waits return as soon as their condition holds

# -- reading the README ----------------------------------------------------------------


def _without_comment(line: str) -> str:
    return re.sub(r"(^|\s+)#(\s.*)?$", "", line).strip()


def readme_commands(text: str) -> list[str]:
    """Every `vigdesk …` command in the README, in order, without duplicates."""
    found: list[str] = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.S):
        for line in block.splitlines():
            for part in re.split(r"\s*(?:&&|;)\s*", _without_comment(line)):
                if re.match(r"(\.venv/bin/)?vigdesk(\s|$)", part):
                    found.append(part.removeprefix(".venv/bin/"))
    for span in re.findall(r"`(vigdesk(?:\s[^`]*)?)`", text):
        # `vigdesk view` in prose names the command `vigdesk view package.vigpkg` shows.
        named_only = " " in span and any(c.startswith(span + " ") for c in found)
        if not named_only:
            found.append(span)
    return list(dict.fromkeys(found))


def _alternatives(command: str) -> list[str]:
    """`vigdesk case list | show CODE` → `vigdesk case list`, `vigdesk case show CODE`."""
    first, *rest = command.split(" | ")
    prefix = " ".join(first.split()[:2])
    return [first] + [f"{prefix} {alt}" for alt in rest]


def _optional_variants(tokens: list[str]) -> list[list[str]]:
    """`[--x]` parts left out, then all put in (brackets removed)."""
    bare: list[str] = []
    full: list[str] = []
    depth = 0
    for token in tokens:
        opens = len(token) - len(token.lstrip("["))
        depth += opens
        inner = token.strip("[]")
        if depth == 0:
            bare.append(inner)
        full.append(inner)
        depth -= len(token) - len(token.rstrip("]"))
    return [bare] if bare == full else [bare, full]


def _choices(tokens: list[str]) -> Iterator[list[str]]:
    """`assign|unassign` and `--as bso|ann|ben`: each choice in turn."""
    options = [t.split("|") if re.fullmatch(r"[\w-]+(\|[\w-]+)+", t) else [t] for t in tokens]
    for picked in itertools.product(*options):
        yield list(picked)


def expand(command: str) -> list[list[str]]:
    """The concrete token lists (placeholders still in) that one README command shows."""
    out: list[list[str]] = []
    for alternative in _alternatives(command):
        for variant in _optional_variants(shlex.split(alternative)):
            for tokens in _choices(variant):
                if tokens not in out:
                    out.append(tokens)
    return out


def words_of(tokens: list[str]) -> list[str]:
    """The command words (`sync`, `status`), skipping global options and their values."""
    words: list[str] = []
    skip = False
    for token in tokens[1:]:
        if skip:
            skip = False
        elif token == "--home":
            skip = True
        elif not token.startswith("-"):
            words.append(token)
    return words


# -- where each command runs -----------------------------------------------------------


def is_gui(tokens: list[str]) -> bool:
    words = words_of(tokens)
    if not words:
        return "--help" not in tokens and "--version" not in tokens
    if words[0] == "demo":
        return "--no-gui" not in tokens
    return words[0] == "view"


SITE_WORDS = {"site", "enrol"}


def kind_of(tokens: list[str]) -> str:
    words = words_of(tokens)
    if is_gui(tokens):
        return "gui"
    if words[0] in ("init", "demo"):
        return words[0]
    if words[0] in SITE_WORDS:
        return "site"
    if words[0] == "sync" or "--home" in tokens or "--site" in tokens:
        return "office"
    return "vault"


COMMANDS = readme_commands(README.read_text(encoding="utf-8"))
RUNS = [(command, tokens) for command in COMMANDS for tokens in expand(command)]


def runs_of(kind: str) -> list[tuple[str, list[str]]]:
    return [(c, t) for c, t in RUNS if kind_of(t) == kind]


def ident(run: tuple[str, list[str]]) -> str:
    return " ".join(run[1])


# -- the worlds the commands run in ----------------------------------------------------


@dataclass
class World:
    """A vault made through the CLI, with every id the README's placeholders need."""

    home: Path
    files: Path  # the working folder: visit.mp4, form.jpg, package.vigpkg
    ids: dict[str, str] = field(default_factory=dict)


def base_env(session_home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIGDESK_", "XDG_"))}
    env.update(HOME=str(session_home), QT_QPA_PLATFORM="offscreen")
    env["VIGDESK_PACKAGE_PASSPHRASE"] = PACKAGE_PASSPHRASE
    return env


def vigdesk(
    args: list[str], env: dict[str, str], cwd: Path, *, check: bool = True
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [installed_vigdesk(), *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=WAIT_S,
    )
    if check:
        assert result.returncode == 0, f"vigdesk {shlex.join(args)}: {result.stderr}"
    return result


def as_json(args: list[str], env: dict[str, str], cwd: Path) -> object:
    return json.loads(vigdesk([*args, "--json"], env, cwd).stdout)


@pytest.fixture(scope="session")
def session_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """HOME for every command: `~/.local/share/vigdesk-demo-office` is under it."""
    return tmp_path_factory.mktemp("readme-home")


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory, session_home: Path) -> World:
    root = tmp_path_factory.mktemp("readme-world")
    files = root / "files"
    files.mkdir()
    make_video(files / "visit.mp4", seconds=20.0, size=(160, 120))  # the README clips 12–18 s
    from PIL import Image

    Image.new("RGB", (32, 32), "white").save(files / "form.jpg")
    w = World(home=root / "vault", files=files)
    env = {**base_env(session_home), "VIGDESK_HOME": str(w.home), "VIGDESK_PASSPHRASE": PASSPHRASE}
    vigdesk(
        ["init", "--name", "A. Practitioner", "--accept-agreement", "--kdf-seconds", "0"],
        env,
        files,
    )
    case = as_json(["case", "add", "--initials", "MW", "--referred", "2026-09-01"], env, files)
    assert isinstance(case, dict)
    code = case["code"]
    adult = as_json(
        ["person", "add", code, "--kind", "adult", "--name", MOTHER, "--parental-responsibility"],
        env,
        files,
    )
    child = as_json(
        ["person", "add", code, "--kind", "child", "--name", CHILD, "--born", "2024-03-02"],
        env,
        files,
    )
    assert isinstance(adult, dict) and isinstance(child, dict)
    purposes = ("film", "keep", "supervision", "training", "review_filming", "family_copy")
    grants = [a for p in purposes for a in ("--grant", p)]
    consents = as_json(
        [
            "consent",
            "record",
            code,
            "--giver",
            adult["id"],
            "--child",
            child["id"],
            *grants,
            "--evidence",
            "form.jpg",
        ],
        env,
        files,
    )
    assert isinstance(consents, list)
    make_video(files / "imported.mp4", seconds=20.0, size=(160, 120), label="earlier")
    vigdesk(["import", "--case", code, "imported.mp4"], env, files)
    media = as_json(["media", "list", code], env, files)
    # Redaction specs for `sar redact` and `sar export --redactions`: a box and a muted span.
    spec = {
        "masks": [{"keyframes": [{"at_s": 0, "x": 0.1, "y": 0.1, "w": 0.3, "h": 0.3}]}],
        "mute": [[1.0, 2.0]],
    }
    assert isinstance(media, list)
    (files / "redact.json").write_text(json.dumps(spec))
    (files / "redactions.json").write_text(json.dumps({media[0]["id"]: spec}))
    assert isinstance(media, list)
    clip = as_json(
        ["clip", media[0]["id"], "--start", "1.0", "--end", "2.5", "--title", "A look"], env, files
    )
    question = as_json(["helping", "add", code, "--text", "How can I help?"], env, files)
    review = as_json(
        ["session", "add", code, "--kind", "shared_review", "--on", "2026-10-08"], env, files
    )
    assert isinstance(review, dict)
    make_video(files / "review-meeting.mp4", seconds=4.0, size=(160, 120), label="review")
    assert isinstance(clip, dict) and isinstance(question, dict)
    to = ["--to", "Dr A. Supervisor", "--expires", FIXED["--expires"]]
    vigdesk(
        ["export", "--purpose", "supervision", *to, clip["id"], "--out", "package.vigpkg"],
        env,
        files,
    )
    packages = as_json(["export", "list"], env, files)
    assert isinstance(packages, list) and packages, "the world's package is missing"
    w.ids = {
        "CODE": code,
        "PERSON": adult["id"],
        "PERSON_ID": adult["id"],
        "--giver": adult["id"],
        "--child": child["id"],
        "--by": adult["id"],
        "CONSENT_ID": consents[0]["id"],
        "MEDIA_ID": media[0]["id"],
        "Q_ID": question["id"],
        "SESSION_ID": review["id"],
        "export MEDIA_ID": clip["id"],
        "family-copy MEDIA_ID": clip["id"],
        "--instrument": "goal-based-outcomes",
    }
    return w


@pytest.fixture(scope="session")
def office(session_home: Path) -> Path:
    """The README's demo office at its default place, built once by the README's command."""
    env = base_env(session_home)
    vigdesk(["demo", "--office", "--no-gui"], env, session_home)
    root = session_home / ".local" / "share" / "vigdesk-demo-office"
    assert (root / "ann" / "vault.json").exists(), "the office is not where the README says"
    return root


# -- filling placeholders --------------------------------------------------------------

FIXED = {
    "DATE": date.today().isoformat(),
    "--expires": (date.today() + timedelta(days=30)).isoformat(),
    "TEXT": "README example",
    "DIR": "out-folder",
    "FILE": "out-file",
    "NEW_CODE": "VIG-26-NEWC",
    "--name": "Rowan Wolstenholme",
}


def fill(tokens: list[str], ids: dict[str, str], home_dots: Path | None = None) -> list[str]:
    """Placeholders (CAPITALS, `ID…`, an option's `"…"`) → values, looked up by the
    option before them, then by command, then alone. `~/…` and `…/x` folders → the
    demo office's `x`. A bare `…` after a value ("and so on") is dropped."""
    words = words_of(tokens)
    table = {**FIXED, **ids}
    filled: list[str] = []
    for i, token in enumerate(tokens):
        before = tokens[i - 1] if i else ""
        if token.startswith(("~/", "…/")):
            assert home_dots is not None, f"no folder for {token}"
            filled.append(str(home_dots / token.rsplit("/", 1)[-1]))
            continue
        if not token.startswith("-") and token in ids:  # e.g. //server/vig
            filled.append(ids[token])
            continue
        name = token.removesuffix("…") or token
        placeholder = bool(re.fullmatch(r"(?:[A-Z]+_)?(?:ID|[A-Z]{3,})", name)) or (
            token.endswith("…") and before.startswith("--")
        )
        if not placeholder:
            if token != "…":
                filled.append(token)
            continue
        option = before if before.startswith("--") else "-"
        keys = (f"{option} {name}", option, f"{words[0]} {name}", name)
        key = next((k for k in keys if k in table), None)
        assert key is not None, f"the README's {token} in {shlex.join(tokens)} has no value"
        filled.append(table[key])
    return filled


def expected_codes(tokens: list[str]) -> set[int]:
    if words_of(tokens)[:1] == ["doctor"]:
        return {0, 1}  # README: 0 all fine, 1 warnings; a fresh laptop has no backup yet
    return {0}


def assert_ran(result: subprocess.CompletedProcess[str], tokens: list[str]) -> None:
    assert result.returncode in expected_codes(tokens), (
        f"README command {shlex.join(tokens)} exited {result.returncode}: "
        f"{result.stderr.strip() or result.stdout.strip()}"
    )


# -- the tests -------------------------------------------------------------------------


def test_the_readme_shows_the_commands_this_test_runs() -> None:
    kinds = {kind_of(t) for _, t in RUNS}
    assert {"gui", "init", "demo", "site", "office", "vault"} <= kinds
    assert ["vigdesk"] in [t for _, t in RUNS]
    assert len(RUNS) > 50


@pytest.mark.slow
@pytest.mark.parametrize("run", runs_of("vault"), ids=ident)
def test_headless_command_runs_as_written(
    run: tuple[str, list[str]], world: World, session_home: Path, tmp_path: Path
) -> None:
    home = tmp_path / "vault"
    shutil.copytree(world.home, home)
    cwd = tmp_path / "work"
    shutil.copytree(world.files, cwd)
    argv = fill(run[1], world.ids)
    env = {**base_env(session_home), "VIGDESK_HOME": str(home), "VIGDESK_PASSPHRASE": PASSPHRASE}
    env["VIGDESK_NEW_PASSPHRASE"] = PASSPHRASE + " renewed"  # for `vigdesk passwd`
    assert_ran(vigdesk(argv[1:], env, cwd, check=False), argv)


@pytest.mark.parametrize("run", runs_of("init"), ids=ident)
def test_init_makes_a_vault_as_written(
    run: tuple[str, list[str]], session_home: Path, tmp_path: Path
) -> None:
    home = tmp_path / "new"
    env = {**base_env(session_home), "VIGDESK_HOME": str(home), "VIGDESK_PASSPHRASE": PASSPHRASE}
    assert_ran(vigdesk(run[1][1:], env, tmp_path, check=False), run[1])
    assert (home / "vault.json").exists()


@pytest.mark.slow
@pytest.mark.parametrize("run", runs_of("demo"), ids=ident)
def test_headless_demo_runs_as_written(
    run: tuple[str, list[str]], session_home: Path, office: Path, tmp_path: Path
) -> None:
    argv = fill(run[1], {"--root": str(office)})
    result = vigdesk(argv[1:], base_env(session_home), tmp_path, check=False)
    assert_ran(result, argv)
    assert DEMO_PASSPHRASE in result.stdout


@pytest.mark.slow
def test_site_commands_run_in_order(world: World, session_home: Path, tmp_path: Path) -> None:
    """`site init`, `enrol`, then the BSO's `site …` verbs, on a new site folder."""
    bso, laptop, share = tmp_path / "bso", tmp_path / "laptop", tmp_path / "share"
    shutil.copytree(world.home, laptop)
    share.mkdir()  # the council's network folder exists before the BSO sets it up
    env = {**base_env(session_home), "VIGDESK_PASSPHRASE": PASSPHRASE}
    env["VIGDESK_SITE_PASSPHRASE"] = PASSPHRASE
    bso_env = {**env, "VIGDESK_HOME": str(bso)}
    laptop_env = {**env, "VIGDESK_HOME": str(laptop)}
    vigdesk(
        [
            "init",
            "--name",
            "B. Officer",
            "--role",
            "bso",
            "--accept-agreement",
            "--kdf-seconds",
            "0",
        ],
        bso_env,
        tmp_path,
    )
    ids: dict[str, str] = {"//server/vig": str(share)}
    order = ["init", "enrol", "requests", "approve", "members", "remove"]

    def step(run: tuple[str, list[str]]) -> int:
        words = words_of(run[1])
        return order.index(words[0] if words[0] == "enrol" else words[1])

    for _, tokens in sorted(runs_of("site"), key=step):
        words = words_of(tokens)
        if words[:2] == ["site", "approve"]:
            pending = as_json(["site", "requests"], bso_env, tmp_path)
            assert isinstance(pending, list) and pending
            ids["REQUEST_ID"] = pending[0]["request"]
        if words[:2] == ["site", "remove"]:
            members = as_json(["site", "members"], bso_env, tmp_path)
            assert isinstance(members, list)
            ids["MEMBER"] = next(m["id"] for m in members if m.get("role") != "bso")
        argv = fill(tokens, ids)
        result = vigdesk(
            argv[1:], laptop_env if words[0] == "enrol" else bso_env, tmp_path, check=False
        )
        assert_ran(result, argv)
        if words[:2] == ["site", "init"]:
            found = re.search(r"fingerprint: (.+)", result.stdout)
            assert found, f"site init printed no fingerprint: {result.stdout}"
            ids["--fingerprint"] = found.group(1).strip()


@pytest.mark.slow
def test_sync_commands_run_in_the_demo_office(
    office: Path, session_home: Path, tmp_path: Path
) -> None:
    """`sync …` on Ann's laptop in the demo office (which has a conflict to settle); the
    BSO assigns and unassigns; `--home …/ann` commands as written."""
    env = {**base_env(session_home), "VIGDESK_PASSPHRASE": DEMO_PASSPHRASE}
    ann = {**env, "VIGDESK_HOME": str(office / "ann")}
    bso = {**env, "VIGDESK_HOME": str(office / "bso")}
    conflicts = as_json(["sync", "conflicts"], ann, tmp_path)
    assert isinstance(conflicts, list) and conflicts, "the demo office should hold a conflict"
    members = as_json(["site", "members"], bso, tmp_path)
    anns = as_json(["case", "list"], ann, tmp_path)
    bens = as_json(["case", "list"], {**env, "VIGDESK_HOME": str(office / "ben")}, tmp_path)
    assert isinstance(members, list) and isinstance(anns, list) and isinstance(bens, list)
    not_bens = [c["code"] for c in anns if c["code"] not in {b["code"] for b in bens}]
    ids = {
        "ID": str(conflicts[0]["id"]),
        "CODE": str(not_bens[0]),
        "PATH": str(office / "share"),
        "MEMBER": next(str(m["id"]) for m in members if "Ben" in str(m.get("name", ""))),
    }
    ids |= _letters(office, ann, bso, tmp_path)
    for _, tokens in runs_of("office"):
        argv = fill(tokens, ids, home_dots=office)
        words = words_of(argv)
        who = bso if words[1:2] in (["assign"], ["unassign"]) else ann
        assert_ran(vigdesk(argv[1:], who, tmp_path, check=False), argv)


def _letters(office: Path, ann: dict[str, str], bso: dict[str, str], cwd: Path) -> dict[str, str]:
    """A draft on Ann's laptop (to send), and a letter already in the BSO's outbox."""
    anns = as_json(["case", "list"], ann, cwd)
    assert isinstance(anns, list)
    code = str(anns[0]["code"])
    draft = as_json(["letter", "draft", code, "--template", "blank"], ann, cwd)
    sent = as_json(["letter", "draft", code, "--template", "appointment"], ann, cwd)
    assert isinstance(draft, dict) and isinstance(sent, dict)
    vigdesk(["letter", "send", sent["id"]], ann, cwd)
    vigdesk(["sync"], ann, cwd)
    vigdesk(["sync"], bso, cwd)
    return {"DRAFT_ID": str(draft["id"]), "LETTER_ID": str(sent["id"])}


def wait_for_window(argv: list[str], env: dict[str, str], cwd: Path, ready: Path) -> str:
    errors = cwd / "stderr.txt"
    with errors.open("wb") as err:
        proc = subprocess.Popen(
            [installed_vigdesk(), *argv[1:]],
            env={**env, "VIGDESK_READY_FILE": str(ready)},
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
    try:
        deadline = time.monotonic() + WAIT_S
        while not (ready.exists() and ready.read_text()) and proc.poll() is None:
            assert time.monotonic() < deadline, f"{shlex.join(argv)} showed no window"
            time.sleep(0.05)
        assert proc.poll() is None, f"{shlex.join(argv)} ended: {errors.read_text()}"
        return ready.read_text().strip()
    finally:
        proc.terminate()
        proc.wait(timeout=WAIT_S)


@pytest.mark.slow
@pytest.mark.parametrize("run", runs_of("gui"), ids=ident)
def test_app_command_comes_up(
    run: tuple[str, list[str]], world: World, office: Path, session_home: Path, tmp_path: Path
) -> None:
    cwd = tmp_path / "work"
    shutil.copytree(world.files, cwd)
    argv = fill(run[1], {"--root": str(office)}, home_dots=office)
    env = {**base_env(session_home), "VIGDESK_HOME": str(tmp_path / "first-run")}
    window = wait_for_window(argv, env, cwd, tmp_path / "ready")
    assert window.endswith("Window"), window

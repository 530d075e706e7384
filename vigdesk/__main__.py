"""`python -m vigdesk`: the same as the `vigdesk` command (`vigdesk.cli.main`).

`gui_main` is the `vigdesk-gui` script: the desk's composition root (`app.run`) on the
default vault. The CLI never imports this module.
"""

from __future__ import annotations

import sys


def gui_main() -> int:
    from vigdesk.app import run

    return run(None)


if __name__ == "__main__":
    from vigdesk.cli import main

    sys.exit(main())

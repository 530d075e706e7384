"""Entry point of the bundled executables (see installer/vigdesk.spec).

`vigdesk` and `vigdesk-gui` run `vigdesk.cli.main` (no arguments: the GUI);
`vigdesk-check` runs the bundle's self-test. One script, chosen by the executable's
name, so all three share one analysis and one `_internal` folder.
"""

import sys
from pathlib import Path

if __name__ == "__main__":
    if Path(sys.executable).stem.lower() == "vigdesk-check":
        from vigdesk_check import main
    else:
        from vigdesk.cli import main
    sys.exit(main())

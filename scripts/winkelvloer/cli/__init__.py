"""The commands editors, CI and maintainers run: `python -m winkelvloer.cli.<name>`.

A command interrupted (Ctrl+C) while Python is still importing it has written nothing: it
stops quietly, with the interrupt's exit status and no traceback. Once it runs,
`command.run_command` turns an interrupt into one line, after what was being written is
cleaned up. Only a command being started (`python -m`, whose first argument is "-m" while
its packages are imported) is changed; importing the package elsewhere changes nothing.
"""

import signal
import sys


def _stop_quietly(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


if sys.argv[:1] == ["-m"]:
    signal.signal(signal.SIGINT, _stop_quietly)

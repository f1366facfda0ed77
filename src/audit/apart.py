"""Run one piece of work in a forked process while the caller goes on.

The corpus pages use it twice at the end of a large run: the charts are drawn, and
audit.json is written, while the main process builds the HTML tables.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

Result = TypeVar("Result")


def start(compute: Callable[[Any], Result], argument: Any, *, apart: bool
          ) -> Callable[[], Result]:
    """Start ``compute(argument)``; return a function that waits for its result.

    With ``apart``, and where processes can fork (the child shares ``argument`` without
    copying it), a forked process computes it while the caller goes on; otherwise it
    is computed before this returns. When the child fails, the waiting function
    computes it in this process, so that any error shows here. The result is the same
    either way (``tests/test_report.py``, ``tests/test_batch.py``).
    """
    if not apart or "fork" not in multiprocessing.get_all_start_methods():
        result = compute(argument)
        return lambda: result
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    # the child would flush a copy of whatever the streams still hold
    sys.stdout.flush()
    sys.stderr.flush()
    process = context.Process(target=_send, args=(compute, argument, sender), daemon=True)
    process.start()
    sender.close()

    def wait() -> Result:
        try:
            sent = receiver.recv()
        except EOFError:  # the process died before sending
            sent = None
        finally:
            receiver.close()
            process.join()
        return sent[0] if sent is not None else compute(argument)

    return wait


def _send(compute: Callable[[Any], Any], argument: Any, sender: Connection) -> None:
    """The second process's work: send ``(result,)``, or None when computing failed
    (the first process then computes it itself, so that the error shows there)."""
    try:
        sent: tuple[Any] | None = (compute(argument),)
    except Exception:  # noqa: BLE001 - reported by the first process's own computing
        sent = None
    sender.send(sent)
    sender.close()

"""Peak resident memory, for ``bench.py`` and the processes it starts."""

from __future__ import annotations

import resource


def peak_mb() -> tuple[float, float]:
    """Peak resident memory of this process and of its largest waited-for child, in MB.

    This process's own peak is ``VmHWM`` where Linux gives it: ``ru_maxrss`` of a
    process started by ``subprocess`` also counts its parent's memory at the start,
    since the peak survives ``exec`` (a bench subprocess would report the bench's
    250 MB however little it uses itself).
    """
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    own = int(line.split()[1]) / 1024
                    break
    except OSError:
        pass  # not Linux: ru_maxrss, an upper bound
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, child

"""The kernel behind a participant's page: IPython's kernel, without what a page never uses.

The participant server starts its kernels with this (kernel spec ``samenspraak-participant``
in ``share/kernels``, found through ``JUPYTER_PATH``) instead of the plain ``python3`` spec:

- **no debugger.** ipykernel loads debugpy at every start to offer JupyterLab's debugger;
  a page served by Voila never asks for it. Loading it took about 80 ms of the 0.25 s a
  kernel needs to start, in every kernel of the pool. With ``debugpy`` marked as absent
  ipykernel starts without its debugger, as it does where debugpy is not installed;
- **no input history.** IPython keeps every cell it runs in an SQLite file with its own
  thread; a page runs the same notebook each time and nobody reads that history.

Everything else is ipykernel's own launcher with its usual options.
"""

from __future__ import annotations

import sys

KERNEL_NAME = "samenspraak-participant"


def main() -> None:
    sys.modules["debugpy"] = None  # type: ignore[assignment]  # "import debugpy" fails
    from ipykernel import kernelapp

    kernelapp.launch_new_instance(argv=[*sys.argv[1:], "--HistoryManager.enabled=False"])


if __name__ == "__main__":
    main()

"""Issue 14: Ctrl-C with --jobs never prints a worker traceback: workers ignore
SIGINT from the moment they are forked, not only once their initializer ran."""

import multiprocessing
import signal
import sys

import pytest

from mtqa.parallel import pool_context


def _report(queue):
    queue.put(signal.getsignal(signal.SIGINT) == signal.SIG_IGN)


@pytest.mark.skipif("forkserver" not in multiprocessing.get_all_start_methods(), reason="needs forkserver")
def test_workers_ignore_sigint_from_birth():
    ctx = pool_context()
    queue = ctx.Queue()
    proc = ctx.Process(target=_report, args=(queue,))
    proc.start()
    try:
        assert queue.get(timeout=60) is True
    finally:
        proc.join(30)
    # the main process keeps its Ctrl-C
    assert signal.getsignal(signal.SIGINT) is not signal.SIG_IGN
    assert "mtqa._sigint_ignored" not in sys.modules

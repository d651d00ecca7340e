"""Imported only in the `--jobs` forkserver (as a preload): the forkserver
then ignores SIGINT, and every worker it forks inherits that from its first
instruction. A Ctrl-C (sent to the whole process group) can then never raise
KeyboardInterrupt in a worker that is still importing, before its
initializer runs; the parent handles Ctrl-C and terminates the pool.
Never import this module in the main process."""

import signal

signal.signal(signal.SIGINT, signal.SIG_IGN)

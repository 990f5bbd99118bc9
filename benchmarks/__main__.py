"""``python -m benchmarks`` (``make bench``): every benchmark, one table (see :mod:`benchmarks.suite`)."""

import sys

from benchmarks.suite import main

main(sys.argv[1:])

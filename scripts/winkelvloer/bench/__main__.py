"""`python -m winkelvloer.bench`: the benchmarks behind `make bench`."""

from winkelvloer.bench.suite import main

raise SystemExit(main())

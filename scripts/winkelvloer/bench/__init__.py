"""The benchmarks behind `make bench` (`python -m winkelvloer.bench`)."""

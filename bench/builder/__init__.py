"""The parts of the bench data builder (``bench.build_data``)."""

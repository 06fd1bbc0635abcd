"""`make bench`: a large data set, served the production way and measured with wrk.

Lives outside the runtime package ``reglab`` on purpose: nothing here is deployed.
``bench.build_data`` builds the data, ``bench.run`` drives the whole measurement.
"""

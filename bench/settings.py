"""The platform's own settings, with one extra URL: the bare view that marks the limit.

Selected with DJANGO_SETTINGS_MODULE=bench.settings for the benchmark's server only;
everything else (middleware, database, cache, templates) is the production set-up.
"""

from reglab.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

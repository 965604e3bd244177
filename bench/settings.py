"""Benchmark-only settings: production's settings, with a URLconf that adds the same-stack bare view."""

from mesosite.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

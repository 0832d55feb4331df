"""Test settings shared by every module."""

import os

from hypothesis import settings

# Property tests draw new examples on every run, which is how they find bugs on a
# developer's machine. CI (.ci/run) draws the same ones every time, so that whether a
# change lands does not depend on a random draw.
settings.register_profile("ci", derandomize=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

"""Builds the compiled kernels: every ``src/<name>.pyx`` becomes ``binance_fast._<name>``.

Cython directives are set once here. Opt-in builds through the environment:
``BINANCE_FAST_DEBUG=1`` (bounds and wraparound checks on, -O0 -g),
``BINANCE_FAST_ANNOTATE=1`` (writes src/<name>.html), ``BINANCE_FAST_COVERAGE=1`` (line tracing).
"""

import os
from pathlib import Path

import numpy
from Cython.Build import cythonize
from setuptools import Extension, setup

HERE = Path(__file__).parent
DEBUG = os.environ.get("BINANCE_FAST_DEBUG") == "1"
ANNOTATE = os.environ.get("BINANCE_FAST_ANNOTATE") == "1"
COVERAGE = os.environ.get("BINANCE_FAST_COVERAGE") == "1"

directives = {
    "language_level": 3,
    "boundscheck": DEBUG,
    "wraparound": DEBUG,
    "initializedcheck": DEBUG,
    "cdivision": not DEBUG,
    "nonecheck": False,
    "embedsignature": True,
    "freethreading_compatible": False,
}
macros = [("NPY_NO_DEPRECATED_API", "NPY_1_7_API_VERSION")]
if COVERAGE:
    directives["linetrace"] = True
    macros.append(("CYTHON_TRACE_NOGIL", "1"))

compile_args = ["-Wno-unused-function", "-Wno-unreachable-code"]
# kernels whose generated C is large and cold enough that -O3 buys nothing but build time
OPTIMIZATION = {"sbe_spot": "-O1"}


def optimization(stem: str) -> list[str]:
    return ["-O0", "-g"] if DEBUG else [OPTIMIZATION.get(stem, "-O3")]


extensions = [
    Extension(
        f"binance_fast._{pyx.stem}",
        [str(pyx.relative_to(HERE))],
        include_dirs=["src", numpy.get_include()],
        define_macros=macros,
        extra_compile_args=compile_args + optimization(pyx.stem),
    )
    for pyx in sorted((HERE / "src").glob("*.pyx"))
]

setup(
    ext_modules=cythonize(
        extensions,
        compiler_directives=directives,
        annotate=ANNOTATE,
        include_path=["src"],
    ),
)

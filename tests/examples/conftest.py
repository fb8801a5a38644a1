"""How the example tests load and run the scripts of examples/ (not a package: loaded by path)."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

from tests.paths import EXAMPLES


def load_example(name: str) -> ModuleType:
    """``examples/NAME.py`` imported as a module (its ``if __name__ == "__main__"`` part not run)."""
    spec = importlib.util.spec_from_file_location(f"examples_{name}", EXAMPLES / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # as an import would: pydantic resolves the module's annotations there
    spec.loader.exec_module(module)
    return module

"""Print a pip constraints file pinning every declared dependency to its floor (`name>=X` ->
`name==X`), so CI can run the suite against the lowest versions pyproject.toml allows."""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

project = tomllib.loads(Path(sys.argv[1] if len(sys.argv) > 1 else "pyproject.toml").read_text())
declared = [*project["project"]["dependencies"], *project["project"]["optional-dependencies"]["test"]]
for requirement in declared:
    found = re.match(r"\s*([A-Za-z0-9_.-]+)(\[[^]]*\])?\s*(?:[^,]*,)*?\s*>=\s*([^,;\s]+)", requirement)
    if found:
        print(f"{found[1]}=={found[3]}")

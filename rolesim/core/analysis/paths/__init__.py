"""Attack paths: every way a principal can become another, or admin-equivalent (docs/paths.md).

`find_paths` answers one source; `Graph` holds the world indexed once, for many questions
(the `graph` command, the world builder)."""

from rolesim.core.analysis.paths.edges import Edge, Graph
from rolesim.core.analysis.paths.search import Path, find_paths, reach
from rolesim.core.analysis.paths.summary import PathsSummary, paths_summary

__all__ = ["Edge", "Graph", "Path", "PathsSummary", "find_paths", "paths_summary", "reach"]

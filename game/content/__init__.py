"""Scenario content: safe YAML reading, validation with file:line:column problems, and
building the engine's immutable Scenario objects. See scenarios/README.md for the format."""
from __future__ import annotations

from .loader import (
    BUILTIN_ROOT, ContentError, list_builtin_scenarios, load_actions, load_cards, load_catalogue,
    load_scenario, load_scenario_with_warnings, scenario_path, validate_paths,
)
from .yaml_loader import MAX_FILE_BYTES, Problem

__all__ = [
    "BUILTIN_ROOT", "ContentError", "MAX_FILE_BYTES", "Problem", "list_builtin_scenarios",
    "load_actions", "load_cards", "load_catalogue", "load_scenario", "load_scenario_with_warnings",
    "scenario_path", "validate_paths",
]

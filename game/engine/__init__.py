"""The rules of the Cluster Policy Game: pure Python + numpy, no pygame, no file I/O."""
from .game import (IllegalAction, apply, check, current_player, is_over, legal_actions, new_game,
                   observe, outcome, replay, scores)
from .state import GameState

__all__ = ["IllegalAction", "GameState", "apply", "check", "current_player", "is_over",
           "legal_actions", "new_game", "observe", "outcome", "replay", "scores"]

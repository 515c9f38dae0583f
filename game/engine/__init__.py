"""The rules of the Cluster Policy Game: pure Python + numpy, no pygame, no file I/O.

The API (after OpenSpiel): `new_game`, `current_player` / `active_players`, `legal_actions`,
`check`, `apply`, `observe`, `is_over`, `scores`, `outcome`, `replay`. The helpers below it answer
one question each of what `check` and `legal_actions` ask (may this role fund that, which deals
wait for it), for AIs, the session and the UI; nothing outside the engine imports a private name.
"""
from .game import (IllegalAction, active_players, apply, apply_in_place, apply_unchecked,
                   cancellable_programmes, check, current_player, deal_templates, fund_blocker,
                   funded_counts, is_over, legal_actions, may_allocate, may_negotiate, new_game, observe,
                   observe_for_search, observe_moves, observe_turn, outcome, pending_deals, replay,
                   responders, scores)
from .state import Funding, GameState, RoundRecord

__all__ = ["IllegalAction", "GameState", "Funding", "RoundRecord", "apply", "check", "current_player",
           "active_players", "is_over", "legal_actions", "new_game", "observe", "outcome", "replay",
           "scores", "pending_deals", "responders", "may_negotiate", "may_allocate", "funded_counts", "fund_blocker",
           "cancellable_programmes", "deal_templates", "apply_in_place", "apply_unchecked",
           "observe_moves", "observe_turn", "observe_for_search"]

"""The debrief: analysis of a finished game, counterfactual turning points, the report."""

"""The strategy lab: does the paper's advice pay in this model? (`python main.py lab`)."""

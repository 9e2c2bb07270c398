"""Marketing: the phase after production. Its stages become Django apps here when they get
content: planning/ (campaigns, presets, variants), distribution/ (channels, publications)."""

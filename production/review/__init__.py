"""Review (part of the edit stage): frame-accurate comments with drawings on a cut's versions."""

"""Media shared by every stage: uploads (tus), assets, renders keyed by spec, QC; the ffmpeg engine in ``engine/``."""

"""Analytics: the phase after marketing. Its stage becomes a Django app here when it gets
content: monitoring/ (metrics, KPIs, reports)."""

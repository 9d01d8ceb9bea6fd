"""The assessment: running rules over a scope, findings, scores, provenance."""

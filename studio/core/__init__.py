"""Pure Python: models, rules, time math, file formats. No Qt, no subprocess, no network, no numpy."""

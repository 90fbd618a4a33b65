"""Fullmakt: a citizen lets a helper read, communicate or act for them, per area and for a
time; help codes at the counter; the acting-on-behalf context every request re-checks."""

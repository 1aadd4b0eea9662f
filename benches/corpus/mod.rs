//! Deterministic corpus generator (placeholder).

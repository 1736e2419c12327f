//! Typed ARM resources (filled in next).

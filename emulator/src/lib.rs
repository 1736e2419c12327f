//! The ARM emulator (filled in by the emulator issue).

//! Key figures of a roster, computed from its assignments alone.
// HELPER-A: implement (see the task description).

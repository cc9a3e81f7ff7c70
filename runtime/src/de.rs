//! Lenient deserializers used by generated response types.

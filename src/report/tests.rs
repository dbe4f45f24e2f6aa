//! Tests of the report model and its writers.

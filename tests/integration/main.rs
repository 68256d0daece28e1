//! Integration tests: one binary, each module a command or a concern.

mod build;
mod check;
mod errors;
mod fixture;
mod serve;
mod stemmer_parity;
mod step_pages;

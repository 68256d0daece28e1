//! Integration tests: one binary, each module a command or a concern.

mod build;
mod check;
mod errors;
mod fixture;
mod learning;
mod search;
mod serve;
mod stemmer_parity;
mod step_pages;

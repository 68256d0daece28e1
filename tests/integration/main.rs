//! Integration tests: one binary, each module a command or a concern.

mod broken;
mod build;
mod check;
mod embedded_theme;
mod errors;
mod fixture;
mod folders;
mod handouts;
mod incremental;
mod languages;
mod learning;
mod multilingual;
mod output;
mod package;
mod properties;
mod search;
mod security;
mod serve;
mod stemmer_parity;
mod step_pages;
mod step_routes;
mod templates;

//! Integration tests: the real server over HTTP, on SQLite and on PostgreSQL, in one binary.
//!
//! Each test module covers one area; `on_both_engines!` runs every test on both databases.

mod api;
mod audit;
mod auth;
mod cli;
mod matrix;
mod organisations;
mod programmes;
mod schema;
mod security;
mod users;

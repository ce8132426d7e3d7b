//! The pure core of Stegvis: domain types, rules and computations.
//!
//! Nothing here performs I/O, talks to a database or knows about HTTP, so every rule can be
//! tested in isolation and reused by the web, the API, the CLI and the reports alike.

pub mod access;
pub mod audit;
pub mod change;
pub mod code;
pub mod consent;
pub mod contribution;
pub mod disclosure;
pub mod edit;
pub mod effects;
pub mod enterprise;
pub mod enterprise_figures;
pub mod episode;
pub mod forecast;
pub mod funder_statistics;
pub mod handbook;
pub mod idea;
pub mod import;
pub mod income;
pub mod instrument;
pub mod luhn;
pub mod money;
pub mod names;
pub mod network;
pub mod oidc;
pub mod organisation;
pub mod orgnumber;
pub mod outreach;
pub mod partner_role;
pub mod person;
pub mod personnummer;
pub mod plan;
pub mod programme;
pub mod pseudonym;
pub mod questionnaire;
pub mod report_document;
pub mod retention;
pub mod socioeconomics;
pub mod statistics;
pub mod steering;
pub mod swedish;
pub mod timestamp;
pub mod user;
pub mod validation;

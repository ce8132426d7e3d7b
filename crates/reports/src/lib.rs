//! Report output formats. Each format takes report data already computed by the core and
//! only renders it, so the same figures appear in every format.

pub mod business_plan;
pub mod charts;
pub mod csv;
pub mod handbook_pdf;
pub mod plan_summary;
pub mod programme_report;
pub mod socioeconomics;
pub mod xlsx;

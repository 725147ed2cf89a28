//! Messages of the report.

crate::catalog! {}

//! Messages of the tui.

crate::catalog! {}

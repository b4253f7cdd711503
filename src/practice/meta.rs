//! Meta "Download Your Information" exports (stub).
use super::flows::Flows;
use super::{Context, LogReport};
use std::path::Path;

pub(super) fn is_export_dir(_path: &Path) -> bool {
    false
}

pub(super) fn read(
    _path: &Path,
    label: &str,
    _ctx: &Context,
    _report: &mut LogReport,
) -> Result<Flows, String> {
    Err(format!("{label}: not yet"))
}

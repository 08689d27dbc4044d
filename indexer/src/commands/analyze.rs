//! `khlang analyze TEXT`: the words and grams a text is indexed (or searched) by. The app exposes
//! the same output to the browser as `khlang_analyze(text)`, so both can be compared.

use std::process::ExitCode;

use anyhow::Result;
use catalog::analysis::Analyzer;

use crate::cli::AnalyzeArgs;
use crate::site::load_engine;

/// Runs `khlang analyze`.
pub fn run(args: &AnalyzeArgs) -> Result<ExitCode> {
    let analyzer = match &args.site {
        Some(site) => load_engine(site)?.analyzer()?.clone(),
        None => Analyzer::new(Vec::<String>::new()),
    };
    outln!(
        "{}",
        catalog::analysis::analysis_json(&analyzer, &args.text)
    )?;
    Ok(ExitCode::SUCCESS)
}

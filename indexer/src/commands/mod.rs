//! One module per `khlang` command: each parses nothing (crate::cli did), runs on the
//! documents (crate::documents), the build's stages (crate::stages) or a built site
//! (crate::site), and tells the person what happened. No other module imports from here.

pub mod analyze;
pub mod build;
pub mod catalogue;
pub mod check;
pub mod keygen;
pub mod merge;
pub mod publish;
pub mod search;
pub mod serve;
pub mod verify;

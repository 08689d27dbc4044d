//! The app's components. Each reads the shared state (crate::state) from context and is given
//! what else it shows; none knows another's internals, the root (crate::app) or the backend.

mod facets;
mod lang_switch;
mod offer;
mod recovered;
mod results;
mod search_box;
mod spellings;
mod trust_line;

pub use facets::FacetPanel;
pub use lang_switch::LangSwitch;
pub use recovered::RecoveredNotice;
pub use results::{hit_key, with_loading, HitKey, ResultList, SortSelect};
pub use search_box::SearchBox;
pub use trust_line::TrustLine;
